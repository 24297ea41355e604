package org.ichcds.preprocessing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SliceTransformTest {

    private final SliceTransform t = new SliceTransform(40.5, 22, 1.75, 256, 512, 512);

    @Test
    void boxesGoToModelCoordinatesAndBack() {
        PixelBox original = new PixelBox(200, 150, 30, 12);
        PixelBox model = t.toModel(original);
        assertThat(model.x()).isCloseTo((200 - 40.5) / 1.75, within(1e-9));
        assertThat(model.height()).isCloseTo(12 / 1.75, within(1e-9));
        PixelBox back = t.toOriginal(model);
        assertThat(back.x()).isCloseTo(200, within(1e-9));
        assertThat(back.y()).isCloseTo(150, within(1e-9));
        assertThat(back.width()).isCloseTo(30, within(1e-9));
        assertThat(back.height()).isCloseTo(12, within(1e-9));
    }

    @Test
    void aModelBoxReachingOutsideTheImageIsClippedToIt() {
        PixelBox back = t.toOriginal(new PixelBox(-30, 280, 20, 20));
        assertThat(back.x()).isZero();
        assertThat(back.x() + back.width()).isCloseTo(40.5 - 10 * 1.75, within(1e-9));
        assertThat(back.y() + back.height()).isCloseTo(512, within(1e-9));
    }
}
