package org.ichcds.viewer;

/**
 * The display windows of the viewer, linear as radiologists read them (the model's input uses sigmoid windows of the
 * same level and width): brain 40/80, subdural 80/200, bone 600/2800 HU.
 */
enum DisplayWindow {
    BRAIN(40, 80),
    SUBDURAL(80, 200),
    BONE(600, 2800);

    private final double level;
    private final double width;

    DisplayWindow(double level, double width) {
        this.level = level;
        this.width = width;
    }

    static DisplayWindow named(String name) {
        for (DisplayWindow window : values()) {
            if (window.name().equalsIgnoreCase(name)) {
                return window;
            }
        }
        throw new ViewerException(
                org.springframework.http.HttpStatus.BAD_REQUEST,
                "Unknown window",
                "The window must be brain, subdural or bone.");
    }

    /** DICOM PS3.3 C.11.2.1.2.1: linear VOI LUT to 8 bits. */
    int gray(int hu) {
        double y = ((hu - (level - 0.5)) / (width - 1) + 0.5) * 255;
        return (int) Math.max(0, Math.min(255, Math.round(y)));
    }
}
