package org.ichcds.training.phantoms;

import java.util.SplittableRandom;

/**
 * Where the head lies in the scanner: a rotation (yaw in the axial plane, pitch = chin up/down, roll = tilt to one
 * shoulder) and the position of the head origin, in patient coordinates (DICOM LPS: x left, y posterior, z head).
 */
final class Pose {

    /** Row-major rotation taking head axes to patient axes. */
    final double[] m = new double[9];

    final double tx;
    final double ty;
    final double tz;

    Pose(SplittableRandom r, double tableZ) {
        double yaw = Math.toRadians(-12 + 24 * r.nextDouble());
        double pitch = Math.toRadians(-12 + 22 * r.nextDouble());
        double roll = Math.toRadians(-5 + 10 * r.nextDouble());
        double[] rz = {Math.cos(yaw), -Math.sin(yaw), 0, Math.sin(yaw), Math.cos(yaw), 0, 0, 0, 1};
        double[] rx = {1, 0, 0, 0, Math.cos(pitch), -Math.sin(pitch), 0, Math.sin(pitch), Math.cos(pitch)};
        double[] ry = {Math.cos(roll), 0, Math.sin(roll), 0, 1, 0, -Math.sin(roll), 0, Math.cos(roll)};
        multiply(multiply(rz, rx), ry, m);
        tx = -14 + 28 * r.nextDouble();
        ty = -18 + 30 * r.nextDouble();
        tz = tableZ;
    }

    private Pose(double[] m, double tx, double ty, double tz) {
        System.arraycopy(m, 0, this.m, 0, 9);
        this.tx = tx;
        this.ty = ty;
        this.tz = tz;
    }

    /** The head moved by (dx, dy, dz) mm and turned by {@code yawDegrees} in the axial plane: patient motion. */
    Pose moved(double dx, double dy, double dz, double yawDegrees) {
        double yaw = Math.toRadians(yawDegrees);
        double[] rz = {Math.cos(yaw), -Math.sin(yaw), 0, Math.sin(yaw), Math.cos(yaw), 0, 0, 0, 1};
        return new Pose(multiply(rz, m), tx + dx, ty + dy, tz + dz);
    }

    double patientX(double hx, double hy, double hz) {
        return m[0] * hx + m[1] * hy + m[2] * hz + tx;
    }

    double patientY(double hx, double hy, double hz) {
        return m[3] * hx + m[4] * hy + m[5] * hz + ty;
    }

    double patientZ(double hx, double hy, double hz) {
        return m[6] * hx + m[7] * hy + m[8] * hz + tz;
    }

    /** Head coordinates of a patient point, written into {@code out}. */
    void toHead(double px, double py, double pz, double[] out) {
        double x = px - tx;
        double y = py - ty;
        double z = pz - tz;
        out[0] = m[0] * x + m[3] * y + m[6] * z;
        out[1] = m[1] * x + m[4] * y + m[7] * z;
        out[2] = m[2] * x + m[5] * y + m[8] * z;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[9];
        multiply(a, b, out);
        return out;
    }

    private static void multiply(double[] a, double[] b, double[] out) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
    }
}
