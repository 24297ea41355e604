package org.ichcds.preprocessing;

/**
 * The intracranial mask of one slice (cranial contents, extra-axial collections included, skull excluded), held on
 * a grid {@code factor} times coarser than the slice and read back at the slice's own resolution.
 */
public final class BrainMask {

    private final boolean[] grid;
    private final int gridColumns;
    private final int gridRows;
    private final int factor;
    private final int columns;
    private final int rows;

    BrainMask(boolean[] grid, int gridColumns, int gridRows, int factor, int columns, int rows) {
        this.grid = grid;
        this.gridColumns = gridColumns;
        this.gridRows = gridRows;
        this.factor = factor;
        this.columns = columns;
        this.rows = rows;
    }

    /** Whether original pixel (row, column) is inside the mask. */
    public boolean contains(int row, int column) {
        int gy = Math.min(gridRows - 1, row / factor);
        int gx = Math.min(gridColumns - 1, column / factor);
        return grid[gy * gridColumns + gx];
    }

    /** Grid column of continuous original x, or -1 outside the image. */
    int gridColumn(double x) {
        return x < 0 || x >= columns ? -1 : Math.min(gridColumns - 1, (int) x / factor);
    }

    /** Grid row of continuous original y, or -1 outside the image. */
    int gridRow(double y) {
        return y < 0 || y >= rows ? -1 : Math.min(gridRows - 1, (int) y / factor);
    }

    boolean gridValue(int gridRow, int gridColumn) {
        return grid[gridRow * gridColumns + gridColumn];
    }

    /** The mask at the slice's resolution, row-major. */
    boolean[] toPixels() {
        boolean[] out = new boolean[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = contains(r, c);
            }
        }
        return out;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }
}
