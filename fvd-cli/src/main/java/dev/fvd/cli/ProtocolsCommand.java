package dev.fvd.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fvd.ScoringProtocol;
import dev.fvd.features.ExtractionProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code fvd protocols}: what each protocol does and which implementation it reproduces. */
@Command(name = "protocols", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "List every protocol with its parameters and the reference implementation it reproduces.")
final class ProtocolsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    ProtocolsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        if (json) {
            JsonArray all = new JsonArray();
            for (ScoringProtocol p : ScoringProtocol.all()) {
                all.add(toJson(p));
            }
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(all));
            return ExitCode.SUCCESS.code();
        }
        for (ScoringProtocol p : ScoringProtocol.all()) {
            ExtractionProtocol e = p.extraction();
            boolean isDefault = p == ScoringProtocol.defaultFor(p.metric());
            out.printf(Locale.ROOT, "%s (%s%s)%n", p.name(), p.metric().id(), isDefault ? ", default" : "");
            out.printf("  reproduces   %s%n", e.reference());
            out.printf("  %s%n", e.description());
            out.printf(Locale.ROOT, "  resize       %s, %s to %dx%d%n", e.resize().id(), e.crop().id(), e.size(), e.size());
            out.printf(Locale.ROOT, "  input        pixel * %.10g %+.10g%n", e.scale(), e.offset());
            out.printf(Locale.ROOT, "  batch norm   eps %s%n", e.batchNormEps());
            if (p.metric().media() == dev.fvd.datasets.MediaKind.VIDEO) {
                out.printf(Locale.ROOT, "  clips        %d frames, stride %d, offset %s%n", p.frames(), p.stride(),
                        p.offset().name().toLowerCase(Locale.ROOT));
            }
            out.printf("  covariance   divided by %s%n", p.divisor().name().equals("N") ? "N" : "N-1");
            out.printf(Locale.ROOT, "  samples      %d in papers; %s%n%n", p.typicalSamples(), p.notes());
        }
        return ExitCode.SUCCESS.code();
    }

    private static JsonObject toJson(ScoringProtocol p) {
        ExtractionProtocol e = p.extraction();
        JsonObject o = new JsonObject();
        o.addProperty("name", p.name());
        o.addProperty("metric", p.metric().id());
        o.addProperty("default", p == ScoringProtocol.defaultFor(p.metric()));
        o.addProperty("reference", e.reference());
        o.addProperty("description", e.description());
        o.addProperty("resize", e.resize().id());
        o.addProperty("crop", e.crop().id());
        o.addProperty("size", e.size());
        o.addProperty("input_scale", e.scale());
        o.addProperty("input_offset", e.offset());
        o.addProperty("batch_norm_eps", e.batchNormEps());
        o.addProperty("frames", p.frames());
        o.addProperty("stride", p.stride());
        o.addProperty("offset", p.offset().name().toLowerCase(Locale.ROOT));
        o.addProperty("covariance_divisor", p.divisor().name().equals("N") ? "n" : "n-1");
        o.addProperty("typical_samples", p.typicalSamples());
        o.addProperty("notes", p.notes());
        return o;
    }
}
