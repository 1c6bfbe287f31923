package dev.fvd.features.store;

import dev.fvd.features.InvalidModelException;
import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ExtractionProtocol;
import dev.fvd.features.ModelUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Not safe for concurrent use by several processes on the same cache beyond what atomic moves give (two concurrent
 * fetches both verify and the last move wins); methods of one instance are synchronized.
 */
public final class ModelStore {
    /** Environment variable that switches downloads off when set to {@code 1} or {@code true}. */
    public static final String OFFLINE_ENV = "FVD_OFFLINE";
    private static final Pattern PROTOCOL_NAME = Pattern.compile("[a-z0-9._-]+");
    private static final String ONNX_KEY_VERSION = "fvd-onnx-cache-v2";
    /** Source prefix of files the user imported on purpose; only those are kept when not canonical. */
    private static final String IMPORT = "import ";

    private final StoreLocation location;
    private final ModelManifest manifest;
    private final boolean offline;
    private final Downloader downloader;
    private final WarningSink warnings;
    private final Map<String, ModelConverter> converters;
    private final String toolVersion;

    private ModelStore(Builder b) {
        this.location = b.location != null ? b.location : StoreLocation.fromEnvironment();
        this.manifest = b.manifest != null ? b.manifest : ModelManifest.canonical();
        this.offline = b.offline != null ? b.offline : offlineFromEnvironment(System.getenv());
        this.toolVersion = b.toolVersion != null ? b.toolVersion : defaultToolVersion();
        this.downloader = new Downloader(b.httpClient != null ? b.httpClient : Downloader.defaultClient(),
                b.progress != null ? b.progress : DownloadProgress.none(), "fvd/" + toolVersion, b.stallTimeout);
        this.warnings = b.warnings != null ? b.warnings : WarningSink.stderr();
        Map<String, ModelConverter> all = new HashMap<>();
        if (b.useCanonicalConverters) {
            ModelRegistry.all().forEach(spec -> all.put(spec.id(), spec::convert));
        }
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

    /** True for {@code 1}, {@code true} or {@code yes} (any case) in {@value #OFFLINE_ENV}. */
    public static boolean offlineFromEnvironment(Map<String, String> env) {
        String v = env.get(OFFLINE_ENV);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
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
        Map<ModelFile, Path> sources = locate(modelId, files, dirOrFile);
        Path dir = createDirectories(location.weightsDirectory(modelId));
        for (ModelFile f : files) {
            Path source = sources.get(f);
            Path temp = tempFile(dir, f.fileName());
            try {
                FileDigest digest = copyHashing(source, temp);
                boolean canonical = f.matches(digest);
                if (!canonical) {
                    warnings.warn(nonCanonicalImportWarning(f, source, digest));
                }
                Path target = location.weightFile(f);
                moveAtomically(temp, target);
                record(f, target, IMPORT + source.toAbsolutePath().normalize(), digest, canonical);
            } finally {
                deleteQuietly(temp);
            }
        }
        return provenance(modelId).orElseThrow();
    }

    /**
     * A cached ONNX graph of the model for a preprocessing, converted from the weights by the converter registered for the
     * model. Conversion happens once per (model, preprocessing value, source digests, tool version, converter version); a
     * change of any of them leads to a new conversion, and superseded graphs of the same model and protocol name are
     * removed.
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
        String key = onnxCacheKey(modelId, preprocessing, converter.version(), provenance);
        String prefix = modelId + "-" + protocolName + "-";
        Path target = location.onnxDirectory().resolve(prefix + key.substring(0, 16) + ".onnx");
        if (Files.isRegularFile(target) && size(target) > 0) {
            return target;
        }
        byte[] model = converter.convert(Map.copyOf(files), preprocessing, provenance.canonical());
        if (model == null || model.length == 0) {
            throw new InvalidModelException("the converter of " + modelId + " produced no ONNX model for protocol "
                    + protocolName + " from " + files.values());
        }
        Path dir = createDirectories(location.onnxDirectory());
        writeAtomically(target, model);
        removeSuperseded(dir, prefix, target);
        return target;
    }

    /** The provenance sidecar of a model, if the store has placed any of its files. */
    public synchronized Optional<WeightsProvenance> provenance(String modelId) {
        return ProvenanceFiles.read(location.provenanceFile(modelId));
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
            CacheState state = check(f, stored, false);
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

    /**
     * State of a cached file.
     *
     * @param intact    the bytes are the ones recorded in the sidecar (or, without a record, the canonical ones)
     * @param usable    {@link #weights} may use it: canonical, or a non-canonical file the user imported on purpose
     * @param canonical matches every pin of the current manifest
     */
    private record CacheState(boolean present, boolean intact, boolean usable, boolean canonical,
                              Optional<FileDigest> digest, Optional<String> problem) {
    }

    /**
     * Checks one cached file against the sidecar and the pins, and brings the sidecar up to date. {@code full} re-hashes even
     * when size and modification time still match the record.
     */
    private CacheState check(ModelFile f, Optional<StoredFile> stored, boolean full) {
        Path path = location.weightFile(f);
        if (!Files.isRegularFile(path)) {
            return new CacheState(false, false, false, false, Optional.empty(), Optional.of("not in the cache"));
        }
        boolean described = stored.isPresent() && sidecarStillDescribes(stored.get(), path);
        FileDigest digest = !full && described ? stored.get().digest() : FileDigest.of(path);
        boolean intact = stored.isPresent() && stored.get().digest().equals(digest);
        boolean canonical = f.matches(digest);
        boolean imported = stored.isPresent() && stored.get().source().startsWith(IMPORT);
        String mismatches = String.join("; ", f.mismatches(digest));
        if (canonical || (intact && imported)) {
            if (!intact || !described || stored.get().canonical() != canonical) {
                // new record, touched file, or judged against other pins when recorded
                record(f, path, intact ? stored.get().source() : "found in cache", digest, canonical);
            }
            return new CacheState(true, true, true, canonical, Optional.of(digest), canonical ? Optional.empty()
                    : Optional.of("non-canonical (" + stored.get().source() + "): " + mismatches));
        }
        if (intact) {
            return new CacheState(true, true, false, false, Optional.of(digest), Optional.of("not the canonical file ("
                    + stored.get().source() + "; have the pins changed?): " + mismatches));
        }
        String expected = stored.map(s -> s.digest().toString()).orElse(f.expectedDescription());
        return new CacheState(true, false, false, false, Optional.of(digest),
                Optional.of("corrupt: expected " + expected + "; found " + digest));
    }

    private static boolean sidecarStillDescribes(StoredFile s, Path path) {
        try {
            return Files.size(path) == s.digest().size()
                    && Files.getLastModifiedTime(path).toMillis() == s.lastModifiedMillis();
        } catch (IOException e) {
            return false;
        }
    }

    private void download(ModelFile f) {
        Path dir = createDirectories(location.weightsDirectory(f.modelId()));
        Path temp = tempFile(dir, f.fileName());
        try {
            FileDigest digest;
            try {
                digest = downloader.download(f, temp);
            } catch (Downloader.DownloadFailure e) {
                throw new ModelUnavailableException("model " + f.modelId() + " is not in the cache (" + dir
                        + ") and the download failed: " + e.getMessage() + ". " + fix(f.modelId()), e);
            } catch (InvalidModelException e) {
                throw new InvalidModelException("download of " + f.url() + " for model " + f.modelId()
                        + " rejected: " + e.getMessage() + ". Nothing was cached.", e);
            }
            if (f.pinned() && !f.matches(digest)) {
                throw new InvalidModelException("download of " + f.url() + " for model " + f.modelId()
                        + " does not match its pins: expected " + f.expectedDescription() + "; got " + digest
                        + " (" + String.join("; ", f.mismatches(digest)) + "). The download was deleted and nothing was"
                        + " cached. Retry `fvd models fetch " + f.modelId() + "`; if it persists, the file at that address"
                        + " changed: import a known-good copy with `fvd models import " + f.modelId() + " --from DIR`.");
            }
            if (!f.pinned()) {
                // the publisher states no checksum: keep what was downloaded, recorded as such, never canonical
                warnings.warn("model " + f.modelId() + ": the publisher of " + f.url() + " states no checksum; kept "
                        + "as downloaded (" + digest + "), recorded as unverified, never canonical");
            }
            Path target = location.weightFile(f);
            moveAtomically(temp, target);
            record(f, target, "download " + f.url(), digest, f.pinned());
        } finally {
            deleteQuietly(temp);
        }
    }

    private ModelStatus status(String modelId, boolean full) {
        Optional<WeightsProvenance> provenance = provenance(modelId);
        List<FileStatus> out = new ArrayList<>();
        for (ModelFile f : manifest.filesOf(modelId)) {
            CacheState s = check(f, provenance.flatMap(p -> p.file(f.role())), full);
            out.add(new FileStatus(f, location.weightFile(f), s.present(), s.digest(), s.canonical(), s.intact(),
                    s.problem()));
        }
        return new ModelStatus(modelId, location.weightsDirectory(modelId), out, full);
    }

    private void record(ModelFile f, Path target, String source, FileDigest digest, boolean canonical) {
        long modified;
        try {
            modified = Files.getLastModifiedTime(target).toMillis();
        } catch (IOException e) {
            throw cacheError("cannot stat", target, e);
        }
        StoredFile entry = new StoredFile(f.role(), f.fileName(), source, Instant.now().toString(), modified, digest,
                canonical);
        List<StoredFile> files = new ArrayList<>(provenance(f.modelId()).map(WeightsProvenance::files).orElse(List.of()));
        files.removeIf(s -> s.role().equals(f.role()));
        files.add(entry);
        List<String> order = manifest.filesOf(f.modelId()).stream().map(ModelFile::role).toList();
        files.sort(Comparator.comparingInt(s -> order.indexOf(s.role())));
        WeightsProvenance updated = new WeightsProvenance(f.modelId(), files);
        writeAtomically(location.provenanceFile(f.modelId()),
                ProvenanceFiles.toJson(updated).getBytes(StandardCharsets.UTF_8));
    }

    private String onnxCacheKey(String modelId, ExtractionProtocol p, String converterVersion, WeightsProvenance provenance) {
        // every field of the preprocessing value, doubles in full precision: a changed eps or scale is a new graph
        StringBuilder text = new StringBuilder(ONNX_KEY_VERSION).append('\n')
                .append("model=").append(modelId).append('\n')
                .append("protocol=").append(p.name()).append('\n')
                .append("preprocessing=").append(p.resize()).append(',').append(p.crop()).append(',').append(p.size())
                .append(',').append(Double.toHexString(p.scale())).append(',').append(Double.toHexString(p.offset()))
                .append(',').append(Double.toHexString(p.batchNormEps())).append('\n')
                .append("tool=").append(toolVersion).append('\n')
                .append("converter=").append(converterVersion).append('\n')
                .append("canonical=").append(provenance.canonical()).append('\n');
        provenance.files().stream().sorted(Comparator.comparing(StoredFile::role))
                .forEach(s -> text.append(s.role()).append('=').append(s.digest().sha256()).append('\n'));
        try {
            return FileDigest.hex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private void removeSuperseded(Path dir, String prefix, Path keep) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, path -> {
            String name = path.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".onnx") && !path.equals(keep)
                    && name.substring(prefix.length()).matches("[0-9a-f]{16}\\.onnx");
        })) {
            for (Path old : stream) {
                deleteQuietly(old);
            }
        } catch (IOException e) {
            // stale graphs only cost disk space; never fail a conversion for them
        }
    }

    private Map<ModelFile, Path> locate(String modelId, List<ModelFile> files, Path given) {
        Map<ModelFile, Path> out = new LinkedHashMap<>();
        if (Files.isDirectory(given)) {
            files.forEach(f -> out.put(f, given.resolve(f.fileName())));
        } else if (files.size() == 1 && Files.isRegularFile(given)) {
            out.put(files.get(0), given);
        } else {
            // a checkpoint prefix (dir/model.ckpt) or one of the files (dir/model.ckpt.index), possibly renamed
            // (rgb_scratch.model.ckpt.index): the other files share the prefix
            String stem = commonStem(files);
            String name = given.getFileName() == null ? "" : given.getFileName().toString();
            String prefix = given.toString();
            for (ModelFile f : files) {
                String suffix = f.fileName().substring(stem.length());
                if (!suffix.isEmpty() && name.endsWith(suffix)) {
                    prefix = prefix.substring(0, prefix.length() - suffix.length());
                    break;
                }
            }
            for (ModelFile f : files) {
                Path candidate = Path.of(prefix + f.fileName().substring(stem.length()));
                Path parent = given.toAbsolutePath().getParent();
                out.put(f, Files.isRegularFile(candidate) || parent == null ? candidate : parent.resolve(f.fileName()));
            }
        }
        List<String> missing = out.entrySet().stream().filter(e -> !Files.isRegularFile(e.getValue()))
                .map(e -> e.getValue().toString()).toList();
        if (!missing.isEmpty()) {
            throw new ModelUnavailableException("cannot import model " + modelId + " from " + given + ": missing "
                    + String.join(", ", missing) + ". The model needs the files "
                    + files.stream().map(ModelFile::fileName).collect(Collectors.joining(", "))
                    + " (give the directory that holds them under these names).");
        }
        return out;
    }

    private static String commonStem(List<ModelFile> files) {
        String first = files.get(0).fileName();
        int end = first.length();
        for (ModelFile f : files) {
            int i = 0;
            while (i < end && i < f.fileName().length() && f.fileName().charAt(i) == first.charAt(i)) {
                i++;
            }
            end = i;
        }
        String common = first.substring(0, end);
        if (files.size() == 1) {
            int dot = first.lastIndexOf('.');
            return dot > 0 ? first.substring(0, dot) : first;
        }
        return common.endsWith(".") ? common.substring(0, common.length() - 1) : common;
    }

    private String fix(String modelId) {
        List<ModelFile> files = manifest.filesOf(modelId);
        return "Fetch it on a machine with network: `fvd models fetch " + modelId + "`, or import local files: `fvd models"
                + " import " + modelId + " --from DIR` (DIR holding "
                + files.stream().map(f -> f.fileName() + " from " + f.url()).collect(Collectors.joining(", ")) + ")";
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

    private static String metricOf(String modelId) {
        return modelId.startsWith("i3d") ? "FVD/KVD" : modelId.startsWith("inception") ? "FID/KID" : "metric";
    }

    private static String defaultToolVersion() {
        String v = ModelStore.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    // --- file system -----------------------------------------------------------------------------------------------------

    private static FileDigest copyHashing(Path source, Path temp) {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(temp)) {
            StreamingDigest digest = new StreamingDigest(Files.size(source));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
            }
            out.close();
            return digest.finish(temp);
        } catch (IOException e) {
            throw cacheError("cannot copy " + source + " to", temp, e);
        }
    }

    private static void writeAtomically(Path target, byte[] content) {
        Path temp = tempFile(createDirectories(target.getParent()), target.getFileName().toString());
        try {
            Files.write(temp, content);
            moveAtomically(temp, target);
        } catch (IOException e) {
            throw cacheError("cannot write", target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void moveAtomically(Path temp, Path target) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cacheError("cannot move a verified file into", target, e);
        }
    }

    private static Path tempFile(Path dir, String name) {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".part");
        } catch (IOException e) {
            throw cacheError("cannot create a temporary file in", dir, e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw cacheError("cannot create", dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file is harmless: it never has the target's name
        }
    }

    private static ModelUnavailableException cacheError(String what, Path path, IOException e) {
        return new ModelUnavailableException("model cache: " + what + " " + path + " (" + e + "). Make the directory"
                + " writable or point FVD_HOME at a writable one.", e);
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

        private Builder() {
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
