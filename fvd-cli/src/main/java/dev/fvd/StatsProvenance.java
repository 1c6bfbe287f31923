package dev.fvd;

import com.google.gson.JsonParseException;

import java.util.Optional;

/**
 * What fvd stores beside {@code mu}/{@code sigma} in a stats file (STYLE.md "Every result file carries provenance"): tool version,
 * protocol with sampling and divisor, model id and checksum, and the source with its counts. Versioned by {@link #format}.
 *
 * @param format      {@value #FORMAT}; checked on read
 * @param toolVersion fvd version that wrote the file
 * @param metric      {@code fvd} or {@code fid}
 * @param protocol    the protocol as applied
 * @param model       the network
 * @param source      the input and its counts
 */
record StatsProvenance(String format, String toolVersion, String metric, ScoreResult.Protocol protocol, ScoreResult.Model model,
                       ScoreResult.Side source) {

    static final String FORMAT = "fvd-stats/1";

    String toJson() {
        return Json.COMPACT.toJson(this);
    }

    /**
     * Parses the provenance of a stats file; empty when the file carries none or one this version does not read (then the caller
     * treats the file like a foreign pytorch-fid file and warns).
     */
    static Optional<StatsProvenance> parse(Optional<String> json) {
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            StatsProvenance p = Json.COMPACT.fromJson(json.get(), StatsProvenance.class);
            return p != null && FORMAT.equals(p.format()) && p.protocol() != null ? Optional.of(p) : Optional.empty();
        } catch (JsonParseException e) {
            return Optional.empty();
        }
    }
}
