package org.ichcds.reporting;

import org.ichcds.inference.HemorrhageLabel;

/**
 * The code of a label's finding outside FHIR (a DICOM coded entry, PS3.3 8.8): the verified SNOMED CT concept where
 * there is one ({@link Snomed}), otherwise the project's own code under the private coding scheme {@link #PRIVATE_SCHEME}
 * (PS3.16 8.2: designators beginning "99" are private), whose values are the label codes of the FHIR CodeSystem
 * {@code ich-finding}.
 *
 * @param scheme the coding scheme designator ({@code SCT} or {@link #PRIVATE_SCHEME})
 */
public record FindingCode(String scheme, String value, String meaning) {

    /** The project's private DICOM coding scheme designator. */
    public static final String PRIVATE_SCHEME = "99ICHCDS";

    /** The finding code of a label ({@link HemorrhageLabel#code()}). */
    public static FindingCode forLabel(String label) {
        HemorrhageLabel parsed = HemorrhageLabel.fromCode(label);
        return Snomed.forLabel(parsed)
                .map(s -> new FindingCode("SCT", s.code(), s.display()))
                .orElseGet(() -> new FindingCode(PRIVATE_SCHEME, parsed.code(), parsed.display()));
    }
}
