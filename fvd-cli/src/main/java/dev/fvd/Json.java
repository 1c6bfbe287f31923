package dev.fvd;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.fvd.core.metric.MetricResult;

import java.util.List;

/** The one JSON configuration of reports and provenance: snake_case names, nulls left out, NaN allowed. */
final class Json {
    /** Single-line form, for provenance stored inside stats files. */
    static final Gson COMPACT = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            // lists of metric results are written through their entries() (ScoreResult.toJson), never field by field
            .addSerializationExclusionStrategy(new ExclusionStrategy() {
                @Override
                public boolean shouldSkipField(FieldAttributes f) {
                    return f.getDeclaredClass() == List.class
                            && f.getDeclaredType().getTypeName().contains(MetricResult.class.getName());
                }

                @Override
                public boolean shouldSkipClass(Class<?> type) {
                    return false;
                }
            })
            .create();

    /** Pretty-printed form, for reports on standard output. */
    static final Gson GSON = COMPACT.newBuilder().setPrettyPrinting().create();

    private Json() {
    }
}
