package dev.fvd.features.store;

import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelMetadata;
import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ModelSpec;
import dev.fvd.features.ModelUnavailableException;
import dev.fvd.features.ResolvedModel;
import dev.fvd.features.onnx.proto.OnnxProto;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fetches, verifies, imports and caches model weights, and caches the ONNX graphs converted from them.
 *
 * <p>Downloads follow the manifest ({@link ModelManifest}): each file streams into a temporary file beside its target while
 * its size, git blob sha1 and sha256 are computed, is checked against the pins, and only then is moved into place
 * atomically, so a corrupted or truncated transfer never becomes a cached file (the pattern of DJL
 * {@code repository/AbstractRepository.java}). A provenance sidecar per model ({@code provenance.json}) records source, actual
 * digests and whether they are canonical; a cache hit is re-verified cheaply from it (size and modification time), a full
 * re-hash happens on {@link #verify()}.
 *
 * <p>Files imported from a local directory that are not the canonical ones are accepted with a loud warning, because
 * features computed with them are not comparable to published FVD/FID numbers; their actual digests go into the provenance.
 *
 * <p>The jobs live in their own classes: {@link ModelManifest} (files and pins), {@link CacheCheck} (size + stored digest,
 * full re-hash), {@link Downloader}, {@link ImportSources} + {@link ImportCheck} (an import is validated before anything is
 * stored), {@link OnnxCache} (one graph per preprocessing value), {@link Sidecars} and {@link CacheFiles} (provenance
 * records and file plumbing). This class is the facade that sequences them.
 *
 * <p>Not safe for concurrent use by several processes on the same cache beyond what atomic moves give (two concurrent
 * fetches both verify and the last move wins); methods of one instance are synchronized.
 */
public final class ModelStore {
    /** Environment variable that switches downloads off; which values do is {@link #offlineFromEnvironment}. */
    public static final String OFFLINE_ENV = "FVD_OFFLINE";
    private static final Pattern PROTOCOL_NAME = Pattern.compile("[a-z0-9._-]+");
    private static final String IMPORT = Sidecars.IMPORT;

    private final StoreLocation location;
    private final ModelManifest manifest;
    private final boolean offline;
    private final Downloader downloader;
    private final WarningSink warnings;
    private final Map<String, ModelConverter> converters;
    private final String toolVersion;
    /** Models whose imports are checked by {@link ImportCheck} (the registry's, unless a test leaves them out). */
    private final Map<String, ModelSpec<?>> specs;
    private final Sidecars sidecars;
    private final CacheCheck cacheCheck;
    private final OnnxCache onnxCache;

    private ModelStore(Builder b) {
        this.location = b.location != null ? b.location : StoreLocation.fromEnvironment();
        this.manifest = b.manifest != null ? b.manifest : ModelManifest.canonical();
        this.offline = b.offline != null ? b.offline : offlineFromEnvironment(System.getenv());
        this.toolVersion = b.toolVersion != null ? b.toolVersion : defaultToolVersion();
        this.downloader = new Downloader(b.httpClient != null ? b.httpClient : Downloader.defaultClient(),
                b.progress != null ? b.progress : DownloadProgress.none(), "fvd/" + toolVersion, b.stallTimeout);
        this.warnings = b.warnings != null ? b.warnings : WarningSink.stderr();
        Map<String, ModelConverter> all = new HashMap<>();
        Map<String, ModelSpec<?>> checked = new HashMap<>();
        if (b.useCanonicalConverters) {
            ModelRegistry.all().forEach(spec -> {
                all.put(spec.id(), spec::convert);
                checked.put(spec.id(), spec);
            });
        }
        b.converters.keySet().forEach(checked::remove);
        this.specs = Map.copyOf(checked);
        this.sidecars = new Sidecars(location, manifest);
        this.cacheCheck = new CacheCheck(location, sidecars);
        this.onnxCache = new OnnxCache(location.onnxDirectory(), toolVersion, b.onnxInlineLimit);
        all.putAll(b.converters);
        this.converters = Map.copyOf(all);
    }

    /**
     * The store as the CLI uses it: location from {@code FVD_HOME} / {@code XDG_CACHE_HOME} / home, the canonical manifest,
     * offline when {@code FVD_OFFLINE=1}, the canonical converters, warnings to stderr.
     */
    public static ModelStore open() {
        return builder().build();
    }

    /** A builder whose unset fields take the defaults of {@link #open()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * THE rule for {@value #OFFLINE_ENV} (one rule for the whole tool): offline for {@code 1}, {@code true}, {@code yes} or
     * {@code on} (any case, surrounding blanks ignored); online when unset, empty, {@code 0}, {@code false}, {@code no} or
     * {@code off}. Any other value is offline too: someone who set the variable meant to stay off the network.
     */
    public static boolean offlineFromEnvironment(Map<String, String> env) {
        return offline(env.get(OFFLINE_ENV));
    }

    /** {@link #offlineFromEnvironment} for one value of {@value #OFFLINE_ENV} ({@code null} = unset). */
    public static boolean offline(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "0", "false", "no", "off" -> false;
            default -> true;
        };
    }

    public StoreLocation location() {
        return location;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public boolean offline() {
        return offline;
    }

    /**
     * The model's weight files, keyed by manifest role, downloading what is missing or corrupt (unless offline).
     * Non-canonical files imported on purpose are kept.
     *
     * @throws ModelUnavailableException unknown model, offline and not cached, or the download failed (network, HTTP status,
     *                                   broken transfer); the message gives the fix
     * @throws InvalidModelException     a download does not match its pins (nothing is cached then)
     */
    public synchronized Map<String, Path> weights(String modelId) {
        return ensure(modelId, false);
    }

    /**
     * Downloads the canonical files (cache hits are kept; non-canonical imports are replaced).
     *
     * @return the files keyed by role
     * @throws ModelUnavailableException offline, or the download failed (the message says why and gives the fix)
     * @throws InvalidModelException     a download does not match its pins
     */
    public synchronized Map<String, Path> fetch(String modelId) {
        return ensure(modelId, true);
    }

    /**
     * Copies a model's files from a local directory (or a single file, or a checkpoint prefix such as
     * {@code dir/model.ckpt}) into the cache. Files whose digests are not the canonical ones are accepted with a loud warning
     * through the {@link WarningSink}; the provenance records their actual digests and {@code canonical: false}.
     *
     * @return the provenance after the import
     * @throws ModelUnavailableException a file the model needs is not at the given place
     */
    public synchronized WeightsProvenance importFrom(String modelId, Path dirOrFile) {
        List<ModelFile> files = manifest.filesOf(modelId);
        Map<ModelFile, Path> sources = ImportSources.locate(modelId, files, dirOrFile);
        ModelSpec<?> spec = specs.get(modelId);
        if (spec != null) {
            Map<String, Path> byRole = new LinkedHashMap<>();
            sources.forEach((f, p) -> byRole.put(f.role(), p));
            ImportCheck.check(spec, byRole, location.onnxDirectory()); // before anything is stored: a refused import leaves the cache as it was
        }
        Path dir = location.weightsDirectory(modelId);
        List<Path> created = CacheFiles.missingFolders(dir);
        CacheFiles.createDirectories(dir);
        Map<ModelFile, Path> temps = new LinkedHashMap<>();
        Map<ModelFile, FileDigest> digests = new LinkedHashMap<>();
        boolean done = false;
        try {
            for (ModelFile f : files) { // copy everything first, so a failed copy stores nothing
                Path temp = CacheFiles.tempFile(dir, f.fileName());
                temps.put(f, temp);
                digests.put(f, CacheFiles.copyHashing(sources.get(f), temp));
            }
            for (ModelFile f : files) {
                Path source = sources.get(f);
                FileDigest digest = digests.get(f);
                boolean canonical = f.matches(digest);
                if (!canonical) {
                    warnings.warn(nonCanonicalImportWarning(f, source, digest));
                }
                Path target = location.weightFile(f);
                CacheFiles.moveAtomically(temps.get(f), target);
                sidecars.record(f, target, IMPORT + source.toAbsolutePath().normalize(), digest, canonical);
            }
            done = true;
        } finally {
            temps.values().forEach(CacheFiles::deleteQuietly);
            if (!done) {
                CacheFiles.removeIfEmpty(created);
            }
        }
        return provenance(modelId).orElseThrow();
    }

    /**
     * A cached ONNX graph of the model for a preprocessing, converted from the weights by the converter registered for the
     * model. Conversion happens once per (model, preprocessing value, source digests, tool version, converter version); a
     * change of any of them leads to a new conversion, and superseded graphs of the same model and protocol name are
     * removed. A model over {@link dev.fvd.features.onnx.OnnxModelFile#INLINE_LIMIT} of weights is cached with ONNX external
     * data ({@code <file>.onnx.data} beside the returned file; open it by path); a missing or truncated data file means a
     * new conversion.
     *
     * @throws ModelUnavailableException the weights are not available (see {@link #weights})
     * @throws InvalidModelException     the converter rejected the weights or produced nothing
     * @throws IllegalStateException     no converter is registered for the model
     */
    public synchronized Path onnxFor(String modelId, ExtractionProtocol preprocessing) {
        String protocolName = preprocessing.name();
        if (!PROTOCOL_NAME.matcher(protocolName).matches()) {
            throw new IllegalArgumentException("protocol name must match " + PROTOCOL_NAME + ", got '" + protocolName + "'");
        }
        ModelConverter converter = converters.get(modelId);
        if (converter == null) {
            manifest.filesOf(modelId); // unknown model → ModelUnavailableException naming the known ones
            throw new IllegalStateException("no ONNX converter is registered for model " + modelId
                    + " (add its ModelSpec to ModelRegistry, or register one with ModelStore.Builder.converter)");
        }
        Map<String, Path> files = weights(modelId);
        WeightsProvenance provenance = provenance(modelId).orElseThrow();
        if (!provenance.canonical()) {
            warnings.warn(nonCanonicalUseWarning(provenance));
        }
        Path target = onnxCache.target(modelId, preprocessing, converter.version(), provenance);
        if (onnxCache.isComplete(target)) {
            return target;
        }
        OnnxProto.ModelProto model = converter.convert(Map.copyOf(files), preprocessing, provenance.canonical());
        if (model == null || !model.hasGraph()) {
            throw new InvalidModelException("the converter of " + modelId + " produced no ONNX model for protocol "
                    + protocolName + " from " + files.values());
        }
        onnxCache.store(modelId, preprocessing, target, model);
        return target;
    }

    /**
     * The model ready to open for a preprocessing (see {@link #onnxFor}), with what a report may say about it:
     * {@link ResolvedModel#verified()} is true only when every weight file the graph was built from matched its pinned
     * checksums (size + stored digest, re-hashed when the file changed) and the model is a {@link ModelRegistry} model.
     * A user-supplied ONNX file is {@link ResolvedModel#custom(Path)}, never this. {@link ResolvedModel#sha256()} covers the
     * external data file too ({@link ModelMetadata#modelChecksum}).
     */
    public synchronized ResolvedModel resolve(String modelId, ExtractionProtocol preprocessing) {
        Path onnx = onnxFor(modelId, preprocessing);
        boolean verified = provenance(modelId).map(WeightsProvenance::canonical).orElse(false);
        ModelSpec<?> spec = ModelRegistry.find(modelId).orElse(null);
        ModelMetadata.OnnxFileInfo info = ModelMetadata.readFile(onnx);
        return new ResolvedModel(onnx, info.sha256(), verified && spec != null, spec, info.properties());
    }

    /** The provenance sidecar of a model, if the store has placed any of its files. */
    public synchronized Optional<WeightsProvenance> provenance(String modelId) {
        return sidecars.read(modelId);
    }

    /** Cheap status of every manifest model (sizes, modification times and recorded digests; no re-hash). */
    public synchronized List<ModelStatus> list() {
        return manifest.modelIds().stream().map(id -> status(id, false)).toList();
    }

    /** Full status of every manifest model: every present file is re-hashed and compared with pins and records. */
    public synchronized List<ModelStatus> verify() {
        return manifest.modelIds().stream().map(id -> status(id, true)).toList();
    }

    /** Full status of one model (re-hash). */
    public synchronized ModelStatus verify(String modelId) {
        manifest.filesOf(modelId);
        return status(modelId, true);
    }

    // ---------------------------------------------------------------------------------------------------------------------

    private Map<String, Path> ensure(String modelId, boolean replaceNonCanonical) {
        List<ModelFile> files = manifest.filesOf(modelId);
        Optional<WeightsProvenance> provenance = provenance(modelId);
        List<ModelFile> needed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ModelFile f : files) {
            Optional<StoredFile> stored = provenance.flatMap(p -> p.file(f.role()));
            CacheCheck.State state = cacheCheck.check(f, stored, false);
            if (!state.usable() || (replaceNonCanonical && !state.canonical())) {
                needed.add(f);
                if (state.present()) {
                    problems.add(location.weightFile(f) + " is " + state.problem().orElse("not canonical"));
                }
            }
        }
        if (!needed.isEmpty()) {
            if (offline) {
                String what = problems.isEmpty()
                        ? "is not in the cache (" + location.weightsDirectory(modelId) + ")"
                        : "has no usable canonical copy in the cache (" + String.join("; ", problems) + ")";
                throw new ModelUnavailableException("model " + modelId + " " + what + " and downloads are off (offline). "
                        + fix(modelId));
            }
            problems.forEach(p -> warnings.warn("WARNING: " + p + "; downloading the canonical file again."));
            for (ModelFile f : needed) {
                download(f);
            }
        }
        Map<String, Path> out = new LinkedHashMap<>();
        files.forEach(f -> out.put(f.role(), location.weightFile(f)));
        return out;
    }

    private void download(ModelFile f) {
        Path dir = location.weightsDirectory(f.modelId());
        List<Path> created = CacheFiles.missingFolders(dir);
        CacheFiles.createDirectories(dir);
        Path temp = CacheFiles.tempFile(dir, f.fileName());
        boolean done = false;
        try {
            FileDigest digest;
            try {
                digest = downloader.download(f, temp);
            } catch (Downloader.DownloadFailure e) {
                throw new ModelUnavailableException("model " + f.modelId() + " is not in the cache (" + dir
                        + ") and the download failed: " + e.getMessage() + ". " + fix(f.modelId()), e);
            } catch (InvalidModelException e) {
                throw new InvalidModelException("download of " + f.url() + " for model " + f.modelId()
                        + " rejected: " + e.getMessage() + ". Nothing was cached. " + fix(f.modelId()), e);
            }
            if (f.pinned() && !f.matches(digest)) {
                throw new InvalidModelException("download of " + f.url() + " for model " + f.modelId()
                        + " does not match its pins: expected " + f.expectedDescription() + "; got " + digest
                        + " (" + String.join("; ", f.mismatches(digest)) + "). The download was deleted and nothing was"
                        + " cached. Retry `fvd models fetch " + f.modelId() + "`; if it persists, the file at that address"
                        + " changed: " + fix(f.modelId()));
            }
            if (!f.pinned()) {
                // the publisher states no checksum: keep what was downloaded, recorded as such, never canonical
                warnings.warn("model " + f.modelId() + ": the publisher of " + f.url() + " states no checksum; kept "
                        + "as downloaded (" + digest + "), recorded as unverified, never canonical");
            }
            Path target = location.weightFile(f);
            CacheFiles.moveAtomically(temp, target);
            sidecars.record(f, target, "download " + f.url(), digest, f.pinned());
            done = true;
        } finally {
            CacheFiles.deleteQuietly(temp);
            if (!done) {
                CacheFiles.removeIfEmpty(created); // a failed fetch leaves no empty folder behind
            }
        }
    }

    private ModelStatus status(String modelId, boolean full) {
        Optional<WeightsProvenance> provenance = provenance(modelId);
        List<FileStatus> out = new ArrayList<>();
        for (ModelFile f : manifest.filesOf(modelId)) {
            CacheCheck.State s = cacheCheck.check(f, provenance.flatMap(p -> p.file(f.role())), full);
            out.add(new FileStatus(f, location.weightFile(f), s.present(), s.digest(), s.canonical(), s.intact(),
                    s.problem()));
        }
        return new ModelStatus(modelId, location.weightsDirectory(modelId), out, full);
    }

    /** The ways out of a missing model: fetch elsewhere, or get the files by other means and import them. */
    private String fix(String modelId) {
        List<ModelFile> files = manifest.filesOf(modelId);
        return "Fetch it on a machine with network: `fvd models fetch " + modelId + "`, or get the files by other means and"
                + " import them: `fvd models import " + modelId + " --from DIR` with DIR holding "
                + files.stream().map(f -> f.fileName() + " (" + (f.size() >= 0
                        ? String.format(Locale.ROOT, "%,d bytes", f.size()) : "size not pinned") + ", " + f.url() + ")")
                        .collect(Collectors.joining(", "));
    }

    private static String nonCanonicalImportWarning(ModelFile f, Path source, FileDigest digest) {
        return "\n"
                + "!!! WARNING: NON-CANONICAL WEIGHTS for " + f.modelId() + " !!!\n"
                + "!!! " + source + " is not the canonical " + f.fileName() + ":\n"
                + "!!!   " + String.join("\n!!!   ", f.mismatches(digest)) + "\n"
                + "!!! It was imported anyway and its actual checksums are recorded in the provenance.\n"
                + "!!! Results computed with it are NOT comparable to published " + metricOf(f.modelId()) + " numbers.\n";
    }

    private static String nonCanonicalUseWarning(WeightsProvenance provenance) {
        return "WARNING: model " + provenance.modelId() + " uses NON-CANONICAL weights ("
                + provenance.files().stream().filter(s -> !s.canonical())
                        .map(s -> s.fileName() + " sha256 " + s.digest().sha256() + ", " + s.source())
                        .collect(Collectors.joining("; "))
                + "): results are NOT comparable to published " + metricOf(provenance.modelId()) + " numbers.";
    }

    /** The metrics a model's features feed, in words, from its registry media kind. */
    private static String metricOf(String modelId) {
        return ModelRegistry.find(modelId).map(spec -> spec.media() == dev.fvd.datasets.MediaKind.VIDEO ? "FVD/KVD"
                : "FID/KID").orElse("metric");
    }

    private static String defaultToolVersion() {
        String v = ModelStore.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Configuration of a store; unset fields take the defaults of {@link ModelStore#open()}. */
    public static final class Builder {
        private StoreLocation location;
        private ModelManifest manifest;
        private Boolean offline;
        private HttpClient httpClient;
        private DownloadProgress progress;
        private WarningSink warnings;
        private String toolVersion;
        private boolean useCanonicalConverters = true;
        private Duration stallTimeout = Duration.ofSeconds(60);
        private final Map<String, ModelConverter> converters = new HashMap<>();
        private long onnxInlineLimit = dev.fvd.features.onnx.OnnxModelFile.INLINE_LIMIT;

        private Builder() {
        }

        /** Initializer bytes above which cached graphs use external data (tests lower it to exercise that path). */
        Builder onnxInlineLimit(long bytes) {
            this.onnxInlineLimit = bytes;
            return this;
        }

        public Builder location(StoreLocation location) {
            this.location = Objects.requireNonNull(location);
            return this;
        }

        public Builder manifest(ModelManifest manifest) {
            this.manifest = Objects.requireNonNull(manifest);
            return this;
        }

        /** Downloads off ({@code true}) or on; default from {@value ModelStore#OFFLINE_ENV}. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The HTTP client; it must follow redirects. Default: redirects NORMAL, 30 s connect timeout. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient);
            return this;
        }

        public Builder progress(DownloadProgress progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        public Builder warnings(WarningSink warnings) {
            this.warnings = Objects.requireNonNull(warnings);
            return this;
        }

        /** Part of the ONNX cache key; default: the jar's Implementation-Version, else {@code dev}. */
        public Builder toolVersion(String toolVersion) {
            this.toolVersion = Objects.requireNonNull(toolVersion);
            return this;
        }

        /** A transfer that receives no data for this long is aborted (default 60 s). */
        public Builder stallTimeout(Duration stallTimeout) {
            if (stallTimeout.isNegative() || stallTimeout.isZero()) {
                throw new IllegalArgumentException("stall timeout must be positive, got " + stallTimeout);
            }
            this.stallTimeout = stallTimeout;
            return this;
        }

        /** Registers (or replaces) the converter of a model. */
        public Builder converter(String modelId, ModelConverter converter) {
            converters.put(Objects.requireNonNull(modelId), Objects.requireNonNull(converter));
            return this;
        }

        /** Leaves out the converters of the {@link ModelRegistry} models (tests that register their own). */
        public Builder withoutCanonicalConverters() {
            this.useCanonicalConverters = false;
            return this;
        }

        public ModelStore build() {
            return new ModelStore(this);
        }
    }
}
