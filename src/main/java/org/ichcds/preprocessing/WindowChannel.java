package org.ichcds.preprocessing;

/**
 * One input channel: a window, and whether the skull is stripped from it. The bone channel keeps the skull
 * (fractures and the bone next to an epidural hematoma are information); the soft-tissue channels show only the
 * cranial contents.
 */
public record WindowChannel(SigmoidWindow window, boolean skullStripped) {}
