package dev.fvd.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fvd.Protocol;
import dev.fvd.Protocols;
import dev.fvd.ScoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code fvd protocols}: every row of {@link Protocols}, printed through {@link ScoreResult.Protocol} (the record reports and
 * stats provenance carry), so the list shows exactly what a report of that protocol would say.
 */
@Command(name = "protocols", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "List every protocol with its parameters and the reference implementation it reproduces.")
final class ProtocolsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Print the list as JSON (the report's protocol object, plus 'default').")
    boolean json;

    ProtocolsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = context.out();
        if (json) {
            JsonArray all = new JsonArray();
            for (Protocol p : Protocols.all()) {
                JsonObject o = JsonParser.parseString(ScoreResult.Protocol.of(p).toJson()).getAsJsonObject();
                o.addProperty("default", p == Protocols.defaultFor(p.metric()));
                all.add(o);
            }
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(all));
            return ExitCode.SUCCESS.code();
        }
        for (Protocol protocol : Protocols.all()) {
            ScoreResult.Protocol p = ScoreResult.Protocol.of(protocol);
            boolean isDefault = protocol == Protocols.defaultFor(protocol.metric());
            out.printf(Locale.ROOT, "%s (%s%s)%n", p.name(), p.metric(), isDefault ? ", default" : "");
            out.printf("  reproduces   %s%n", p.reference());
            out.printf("  %s%n", p.description());
            out.printf(Locale.ROOT, "  resize       %s, %s to %dx%d%n", p.resize(), p.crop(), p.size(), p.size());
            out.printf(Locale.ROOT, "  input        pixel * %.10g %+.10g%n", p.inputScale(), p.inputOffset());
            out.printf(Locale.ROOT, "  network      %s, batch norm eps %s%n", p.model(), p.batchNormEps());
            if (protocol.media() == dev.fvd.datasets.MediaKind.VIDEO) {
                out.printf(Locale.ROOT, "  clips        %d frames, stride %d, %s%n", p.frames(), p.stride(), Summary.offsets(p));
                if (!protocol.real().transform().isIdentity() || !protocol.fake().transform().isIdentity()) {
                    out.printf(Locale.ROOT, "  frames       real %s; fake %s%n", protocol.real().transform().description(),
                            protocol.fake().transform().description());
                }
            }
            out.printf("  covariance   divided by %s%n", p.covarianceDivisor().equals("n") ? "N" : "N-1");
            out.printf("  reports      %s%n", String.join(", ", p.measures()));
            out.printf(Locale.ROOT, "  samples      %d in papers; %s%n%n", p.typicalSamples(), p.notes());
        }
        return ExitCode.SUCCESS.code();
    }
}
