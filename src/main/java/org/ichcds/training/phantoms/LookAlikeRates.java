package org.ichcds.training.phantoms;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chances of the hemorrhage look-alikes that replace the style's own, per look-alike, by the names of
 * {@code studies.csv}'s {@code mimics} column: to make a set rich in the studies a model calls positive without a bleed
 * (a hyperdense vessel, a calcified falx), or a set without one kind of look-alike. Each look-alike is still drawn
 * independently of the study's truth, with one draw whatever its chance: a study keeps the truth, split, head shape,
 * scan grid and acquisition the same seed gives without overrides; its anatomy and lesions, drawn after the look-alikes
 * (a calcified falx takes draws of its own), may differ.
 *
 * @param chances the overridden chances in [0, 1], by look-alike name
 */
public record LookAlikeRates(Map<String, Double> chances) {

    /** The style's own chances. */
    public static final LookAlikeRates NONE = new LookAlikeRates(Map.of());

    public LookAlikeRates {
        Map<String, Double> copy = new LinkedHashMap<>();
        chances.forEach((name, chance) -> {
            if (!Mimics.NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown look-alike '" + name + "': one of " + String.join(", ", Mimics.NAMES));
            }
            if (chance == null || !(chance >= 0 && chance <= 1)) {
                throw new IllegalArgumentException(
                        "chance of look-alike " + name + " must be in [0, 1], was " + chance);
            }
            copy.put(name, chance);
        });
        chances = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads {@code NAME=P[,NAME=P…]}, for example {@code hyperdense-vessel=0.6,falx-calcification=0.5}; blank is
     * {@link #NONE}.
     */
    public static LookAlikeRates parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<String, Double> chances = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.split("=", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("look-alike chance '" + part.strip() + "' is not NAME=P");
            }
            String name = pair[0].strip().toLowerCase(Locale.ROOT);
            double chance;
            try {
                chance = Double.parseDouble(pair[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chance of look-alike " + name + " is not a number: " + pair[1]);
            }
            if (chances.put(name, chance) != null) {
                throw new IllegalArgumentException("look-alike " + name + " is given twice");
            }
        }
        return new LookAlikeRates(chances);
    }

    /** True when no chance is overridden. */
    public boolean isEmpty() {
        return chances.isEmpty();
    }

    /** The chance of {@code name}: its override, else the style's own {@code usual}. */
    double chance(String name, double usual) {
        return chances.getOrDefault(name, usual);
    }

    /** {@code NAME=P,…} as {@link #parse} reads it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        chances.forEach((name, chance) ->
                text.append(text.isEmpty() ? "" : ",").append(name).append('=').append(chance));
        return text.toString();
    }
}
