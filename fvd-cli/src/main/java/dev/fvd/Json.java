package dev.fvd;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON configuration of reports and provenance: snake_case names, nulls left out, NaN allowed. */
final class Json {
    /** Single-line form, for provenance stored inside stats files. */
    static final Gson COMPACT = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    /** Pretty-printed form, for reports on standard output. */
    static final Gson GSON = COMPACT.newBuilder().setPrettyPrinting().create();

    private Json() {
    }
}
