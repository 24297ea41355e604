package org.ichcds.reporting;

/**
 * The Verhoeff check digit, which the last digit of every SNOMED CT identifier is (SNOMED CT Technical Implementation
 * Guide, §6.5). It catches all single-digit errors and adjacent transpositions, so a code copied wrong fails it.
 */
final class Verhoeff {

    // Verhoeff (1969): multiplication table of the dihedral group D5
    private static final int[][] MULTIPLY = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
        {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
        {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
        {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2},
        {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
    };
    // Verhoeff's permutation σ; position i from the right applies σ^(i mod 8). Derived, not tabulated, so that
    // no row can be mistyped.
    private static final int[] SIGMA = {1, 5, 7, 6, 2, 8, 3, 0, 9, 4};
    private static final int[][] PERMUTE = powersOfSigma();

    private Verhoeff() {}

    /**
     * Whether {@code sctid} is an SCTID-shaped number (6 to 18 digits, no leading zero; SNOMED CT TIG §6.1) whose last
     * digit is its Verhoeff check digit.
     */
    static boolean isValid(String sctid) {
        if (sctid == null || !sctid.matches("[1-9][0-9]{5,17}")) {
            return false;
        }
        int check = 0;
        for (int i = 0; i < sctid.length(); i++) {
            int digit = sctid.charAt(sctid.length() - 1 - i) - '0';
            check = MULTIPLY[check][PERMUTE[i % 8][digit]];
        }
        return check == 0;
    }

    private static int[][] powersOfSigma() {
        int[][] powers = new int[8][10];
        for (int digit = 0; digit < 10; digit++) {
            powers[0][digit] = digit;
        }
        for (int i = 1; i < 8; i++) {
            for (int digit = 0; digit < 10; digit++) {
                powers[i][digit] = SIGMA[powers[i - 1][digit]];
            }
        }
        return powers;
    }
}
