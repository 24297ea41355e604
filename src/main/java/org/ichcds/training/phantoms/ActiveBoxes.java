package org.ichcds.training.phantoms;

/**
 * Pixel bounding boxes, in one slice, of bounding spheres given in head coordinates: the renderer evaluates a
 * structure or lesion only inside its box. An inactive entry has an empty box.
 */
final class ActiveBoxes {

    final int[] x0;
    final int[] x1;
    final int[] y0;
    final int[] y1;

    ActiveBoxes(int n) {
        x0 = new int[n];
        x1 = new int[n];
        y0 = new int[n];
        y1 = new int[n];
    }

    void set(int k, double[] sphere, double margin, Pose pose, ScanGeometry g, double sliceZ) {
        double radius = sphere[3] + margin;
        if (g.tilted()) {
            setTilted(k, sphere, radius, pose, g, sliceZ);
            return;
        }
        double cz = pose.patientZ(sphere[0], sphere[1], sphere[2]);
        double dz = Math.abs(cz - sliceZ) - g.thickness() / 2;
        if (dz > radius) {
            x0[k] = 1;
            x1[k] = 0;
            y0[k] = 1;
            y1[k] = 0;
            return;
        }
        double rr = Math.sqrt(radius * radius - Math.max(0, dz) * Math.max(0, dz));
        double cx = (pose.patientX(sphere[0], sphere[1], sphere[2]) - g.firstX()) / g.pixelSpacing();
        double cy = (pose.patientY(sphere[0], sphere[1], sphere[2]) - g.firstY()) / g.pixelSpacing();
        double rp = rr / g.pixelSpacing() + 1;
        x0[k] = Math.max(0, (int) Math.floor(cx - rp));
        x1[k] = Math.min(g.matrix() - 1, (int) Math.ceil(cx + rp));
        y0[k] = Math.max(0, (int) Math.floor(cy - rp));
        y1[k] = Math.min(g.matrix() - 1, (int) Math.ceil(cy + rp));
    }

    /** The same in a tilted plane: distance along the normal (0, -sin t, cos t), rows along (0, cos t, sin t). */
    private void setTilted(int k, double[] sphere, double radius, Pose pose, ScanGeometry g, double sliceZ) {
        double px = pose.patientX(sphere[0], sphere[1], sphere[2]);
        double py = pose.patientY(sphere[0], sphere[1], sphere[2]);
        double pz = pose.patientZ(sphere[0], sphere[1], sphere[2]) - sliceZ;
        double dz = Math.abs(-py * g.sin() + pz * g.cos()) - g.thickness() / 2;
        if (dz > radius) {
            x0[k] = 1;
            x1[k] = 0;
            y0[k] = 1;
            y1[k] = 0;
            return;
        }
        double rr = Math.sqrt(radius * radius - Math.max(0, dz) * Math.max(0, dz));
        double cx = (px - g.firstX()) / g.pixelSpacing();
        double cy = (py * g.cos() + pz * g.sin() - g.firstY()) / g.pixelSpacing();
        double rp = rr / g.pixelSpacing() + 1;
        x0[k] = Math.max(0, (int) Math.floor(cx - rp));
        x1[k] = Math.min(g.matrix() - 1, (int) Math.ceil(cx + rp));
        y0[k] = Math.max(0, (int) Math.floor(cy - rp));
        y1[k] = Math.min(g.matrix() - 1, (int) Math.ceil(cy + rp));
    }

    boolean contains(int k, int col, int row) {
        return col >= x0[k] && col <= x1[k] && row >= y0[k] && row <= y1[k];
    }

    boolean active(int k, int row) {
        return row >= y0[k] && row <= y1[k] && x0[k] <= x1[k];
    }
}
