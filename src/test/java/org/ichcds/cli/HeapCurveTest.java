package org.ichcds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapCurveTest {

    @Test
    void theSlopeIsTheLeastSquaresLineOfTheSamplesFromTheGivenMinute() {
        HeapCurve curve = new HeapCurve();
        // a warm-up rise, then a line of 2 MB/min with noise that cancels out
        curve.add(new HeapCurve.Sample(0, 50, 0));
        curve.add(new HeapCurve.Sample(1, 150, 100));
        curve.add(new HeapCurve.Sample(2, 201, 200));
        curve.add(new HeapCurve.Sample(3, 202, 300));
        curve.add(new HeapCurve.Sample(4, 205, 400));
        curve.add(new HeapCurve.Sample(5, 206, 500));

        assertThat(curve.slopeFrom(2)).isCloseTo(1.8, within(1e-9));
        assertThat(curve.slopeFrom(0)).isGreaterThan(20);
        assertThat(curve.slopeFrom(5)).isNaN();
    }

    @Test
    void aSampleIsTheHeapAfterACollection() {
        HeapCurve curve = new HeapCurve();
        HeapCurve.Sample sample = curve.sample(0.5, 42);
        assertThat(sample.heapMb()).isPositive();
        assertThat(sample.calls()).isEqualTo(42);
        assertThat(curve.samples()).containsExactly(sample);
    }
}
