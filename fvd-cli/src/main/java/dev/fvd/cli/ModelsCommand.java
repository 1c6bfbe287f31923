package dev.fvd.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fvd.Fvd;
import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.store.DownloadProgress;
import dev.fvd.features.store.FileStatus;
import dev.fvd.features.store.ModelStatus;
import dev.fvd.features.store.ModelStore;
import dev.fvd.features.store.StoreLocation;
import dev.fvd.features.store.WeightsProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fvd models list | fetch ID | import ID --from PATH | verify [ID]}: the model store. */
@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = {
                "Manage the weights of the registered models ('fvd models list' shows them with their files and licenses)."
                        + " The store lives in FVD_HOME, else $XDG_CACHE_HOME/fvd, else ~/.cache/fvd; downloads are verified"
                        + " against pinned checksums before they are cached.",
                "Without network: download the files elsewhere and 'fvd models import ID --from DIR'."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Fetch.class, ModelsCommand.Import.class,
                ModelsCommand.Verify.class})
final class ModelsCommand implements Callable<Integer> {
    private final CliContext context;

    ModelsCommand(CliContext context) {
        this.context = context;
    }

    /** {@code fvd models} alone lists the models. */
    @Override
    public Integer call() {
        return new ListModels(context).call();
    }

    /** The ids of the model registry, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class ModelIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ModelRegistry.ids().iterator();
        }
    }

    static ModelStore store(CliContext context, boolean offline, boolean quiet) {
        boolean off = offline || ModelStore.offline(context.env().variable(ModelStore.OFFLINE_ENV).orElse(null));
        return ModelStore.builder()
                .location(StoreLocation.at(ExtractionOptions.storeRoot(context.env())))
                .offline(off)
                .toolVersion(Fvd.version())
                .warnings(w -> context.err().println("fvd: WARNING: " + w))
                .progress(quiet ? DownloadProgress.none() : new DownloadLines(context))
                .build();
    }

    static void print(CliContext context, List<ModelStatus> statuses, boolean json) {
        if (json) {
            JsonArray all = new JsonArray();
            for (ModelStatus s : statuses) {
                JsonObject o = new JsonObject();
                o.addProperty("id", s.modelId());
                o.addProperty("status", s.summary());
                o.addProperty("canonical", s.canonical());
                o.addProperty("directory", s.directory().toString());
                JsonArray files = new JsonArray();
                for (FileStatus f : s.files()) {
                    JsonObject fo = new JsonObject();
                    fo.addProperty("file", f.file().fileName());
                    fo.addProperty("role", f.file().role());
                    fo.addProperty("present", f.present());
                    fo.addProperty("canonical", f.canonical());
                    f.actual().ifPresent(d -> {
                        fo.addProperty("size", d.size());
                        fo.addProperty("sha256", d.sha256());
                        fo.addProperty("git_blob_sha1", d.gitBlobSha1());
                    });
                    f.problem().ifPresent(p -> fo.addProperty("problem", p));
                    fo.addProperty("url", f.file().url().toString());
                    fo.addProperty("license", f.file().license());
                    files.add(fo);
                }
                o.add("files", files);
                all.add(o);
            }
            context.out().println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(all));
            return;
        }
        for (ModelStatus s : statuses) {
            context.out().printf("%-16s %-13s %s%n", s.modelId(), s.summary(), s.directory());
            for (FileStatus f : s.files()) {
                context.out().printf("    %-40s %s%s%n", f.file().fileName(),
                        !f.present() ? "missing" : f.canonical() ? "canonical" : f.digestOk() ? "NON-CANONICAL" : "CORRUPT",
                        f.problem().map(p -> " — " + p).orElse(""));
            }
            if (!s.present()) {
                context.out().printf("    get it: fvd models fetch %s   (offline: fvd models import %s --from DIR)%n",
                        s.modelId(), s.modelId());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
            description = "Show which models are in the store (cheap check; 'verify' re-hashes).")
    static final class ListModels implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--json", description = "Print the list as JSON.")
        boolean json;

        ListModels(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            print(context, store(context, true, true).list(), json);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
            description = "Download a model's canonical files, verify their pinned checksums, and cache them.")
    static final class Fetch implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", completionCandidates = ModelIds.class,
                description = "One of: ${COMPLETION-CANDIDATES}.")
        String id;

        @Option(names = {"-q", "--quiet"}, description = "No download progress.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "Stack traces on failure.")
        boolean verbose;

        @Option(names = "--offline", description = "Fail instead of downloading (checks the cache only).")
        boolean offline;

        Fetch(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ModelStore store = store(context, offline, quiet);
            Map<String, Path> files = store.fetch(id);
            files.forEach((role, path) -> context.err().printf("%s %s: %s%n", id, role, path));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
            description = {"Copy a model's files from a local directory or file into the store (air-gapped machines).",
                    "The files are validated first: every tensor is parsed (nothing in a pickle runs), names and shapes are"
                            + " checked against the architecture, the graph is built and run once on a tiny input. A file"
                            + " that fails exits 4 naming it and the first wrong tensor, and the store stays as it was.",
                    "Files that are not the canonical ones are accepted with a warning: results made with them are not "
                            + "comparable to published numbers, and their checksums go into every report.",
                    "Memory: videomae-v2-g (ViT-g, 4 GB of weights) needs a 6 GB heap (FVD_JAVA_OPTS=-Xmx6g) and about"
                            + " 11 GB of RAM in all (measured); vjepa-h16-ssv2 (2.6 GB of weights) proportionally less."})
    static final class Import implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "ID", completionCandidates = ModelIds.class,
                description = "One of: ${COMPLETION-CANDIDATES}.")
        String id;

        @Option(names = "--from", required = true, paramLabel = "PATH",
                description = "Directory holding the files under their canonical names, a file, or a checkpoint prefix.")
        Path from;

        @Option(names = {"-v", "--verbose"}, description = "Stack traces on failure.")
        boolean verbose;

        Import(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            WeightsProvenance p = store(context, true, true).importFrom(id, from);
            context.err().printf("imported %s (%d files, %s)%n", id, p.files().size(),
                    p.canonical() ? "canonical" : "NOT canonical: results are not comparable to published numbers");
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
            description = {"Re-hash cached files against their pins and records.",
                    "Exit 0 only when every checked model is present and canonical; exit 4 when any file is missing,"
                            + " corrupt or not the canonical file (a CI job can rely on it)."})
    static final class Verify implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", completionCandidates = ModelIds.class,
                description = "One model (default: all): ${COMPLETION-CANDIDATES}.")
        String id;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Stack traces on failure.")
        boolean verbose;

        Verify(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ModelStore store = store(context, true, true);
            List<ModelStatus> statuses = id == null ? store.verify() : List.of(store.verify(id));
            print(context, statuses, json);
            List<String> problems = statuses.stream().filter(s -> !s.summary().equals("ok"))
                    .map(s -> s.modelId() + " is " + s.summary() + " in " + s.directory()).toList();
            if (!problems.isEmpty()) {
                String first = statuses.stream().filter(s -> !s.summary().equals("ok")).findFirst().orElseThrow().modelId();
                throw new ModelUnavailableException(String.join("; ", problems) + "; fix: fvd models fetch " + first
                        + " (or fvd models import " + first + " --from DIR with the canonical files)");
            }
            return ExitCode.SUCCESS.code();
        }
    }

    /** Download progress as a few lines on standard error (downloads are rare and large). */
    private static final class DownloadLines implements DownloadProgress {
        private final CliContext context;
        private long lastReported = -1;

        DownloadLines(CliContext context) {
            this.context = context;
        }

        @Override
        public void update(dev.fvd.features.store.ModelFile file, long bytesRead, long totalBytes) {
            long step = Math.max(1, totalBytes > 0 ? totalBytes / 10 : 10L << 20);
            if (bytesRead == 0 || bytesRead / step != lastReported / step || bytesRead == totalBytes) {
                lastReported = bytesRead;
                context.err().printf(Locale.ROOT, "%s: %.1f / %s MB%n", file.fileName(), bytesRead / 1e6,
                        totalBytes > 0 ? String.format(Locale.ROOT, "%.1f", totalBytes / 1e6) : "?");
            }
        }
    }
}
