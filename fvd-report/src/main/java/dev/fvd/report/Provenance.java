package dev.fvd.report;

import java.util.List;
import java.util.Objects;

/**
 * Where the numbers come from: tool version, protocol, model and its checksum, and whether the run is comparable to published
 * numbers (canonical protocol and weights verified against their pins).
 *
 * @param toolVersion fvd version
 * @param canonical   {@code true} only when the protocol is a reference protocol and the weights were verified against their pins
 * @param verdict     one sentence saying why the run is or is not canonical
 * @param facts       the protocol, model and input facts in display order (label, value)
 */
public record Provenance(String toolVersion, boolean canonical, String verdict, List<Fact> facts) {
    public Provenance {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(verdict, "verdict");
        facts = List.copyOf(facts);
    }

    /** One labelled value of the provenance table. */
    public record Fact(String label, String value) {
        public Fact {
            Objects.requireNonNull(label, "label");
            value = value == null ? "—" : value;
        }
    }
}
