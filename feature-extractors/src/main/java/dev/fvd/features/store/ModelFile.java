package dev.fvd.features.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a model as the manifest pins it: where it comes from and which bytes are the canonical ones.
 *
 * <p>At least one checksum pin is required. All present pins must match for a file to count as canonical:
 * {@code size} (unless {@code -1}), {@code gitBlobSha1}, {@code sha256}, and {@code sha256Prefix} (the torch hub convention:
 * a file named {@code name-<hex>.pth} has a sha256 starting with {@code <hex>}; torch {@code hub.py check_hash}).
 *
 * @param modelId      model id, e.g. {@code i3d-kinetics400}
 * @param role         the file's part in the model, e.g. {@code index}, {@code data}, {@code state-dict}; converters
 *                     receive the files keyed by role
 * @param fileName     canonical file name, used in the cache and when importing from a directory
 * @param url          download address (redirects are followed)
 * @param size         exact byte length, or {@code -1} when not known
 * @param gitBlobSha1  git object id of the content, or null
 * @param sha256       full sha256, or null
 * @param sha256Prefix leading hex digits of the sha256, or null
 * @param license      license of the file, as published by its authors
 * @param citation     what to cite when using it
 * @param pinSource    where the pins come from (so a reader can judge them)
 */
public record ModelFile(String modelId, String role, String fileName, URI url, long size, String gitBlobSha1,
                        String sha256, String sha256Prefix, String license, String citation, String pinSource) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    /**
     * Start of {@link #pinSource} for a file whose publisher states no checksum: such a file can be imported and used, is
     * recorded with what was imported, and is never canonical ({@link #matches} is false).
     */
    public static final String UNPINNED = "unpinned:";

    public ModelFile {
        requireMatch(modelId, ID, "modelId");
        requireMatch(role, ID, "role");
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("fileName must be a plain file name, got '" + fileName + "'");
        }
        Objects.requireNonNull(url, "url");
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0 or -1 (unknown), got " + size);
        }
        requireHex(gitBlobSha1, 40, 40, "gitBlobSha1");
        requireHex(sha256, 64, 64, "sha256");
        requireHex(sha256Prefix, 8, 64, "sha256Prefix");
        if (gitBlobSha1 == null && sha256 == null && sha256Prefix == null
                && (pinSource == null || !pinSource.startsWith(UNPINNED))) {
            throw new IllegalArgumentException(modelId + "/" + fileName + " has no checksum pin (a file whose publisher "
                    + "states none must say so: pinSource starting with '" + UNPINNED + "')");
        }
        if (sha256 != null && sha256Prefix != null && !sha256.startsWith(sha256Prefix)) {
            throw new IllegalArgumentException(modelId + "/" + fileName + ": sha256 " + sha256
                    + " does not start with its sha256Prefix " + sha256Prefix);
        }
        license = Objects.requireNonNullElse(license, "");
        citation = Objects.requireNonNullElse(citation, "");
        pinSource = Objects.requireNonNullElse(pinSource, "");
    }

    /** A file pinned exactly to the given digest (size, git blob sha1 and sha256); handy for manifests built by tests. */
    public static ModelFile pinnedTo(String modelId, String role, String fileName, URI url, FileDigest digest) {
        return new ModelFile(modelId, role, fileName, url, digest.size(), digest.gitBlobSha1(), digest.sha256(), null,
                "", "", "computed from the file itself");
    }

    /** True when the publisher states a checksum for this file ({@link #UNPINNED} files have none). */
    public boolean pinned() {
        return gitBlobSha1 != null || sha256 != null || sha256Prefix != null;
    }

    /** True when the file has pins and every pin matches the digest (never for an unpinned file). */
    public boolean matches(FileDigest digest) {
        return pinned() && mismatches(digest).isEmpty();
    }

    /** Human-readable list of the pins the digest violates (empty when canonical). */
    public List<String> mismatches(FileDigest digest) {
        List<String> out = new ArrayList<>();
        if (!pinned()) {
            out.add("no checksum published (" + pinSource + ")");
        }
        if (size >= 0 && digest.size() != size) {
            out.add("size " + digest.size() + " (expected " + size + ")");
        }
        if (gitBlobSha1 != null && !gitBlobSha1.equals(digest.gitBlobSha1())) {
            out.add("git-blob-sha1 " + digest.gitBlobSha1() + " (expected " + gitBlobSha1 + ")");
        }
        if (sha256 != null && !sha256.equals(digest.sha256())) {
            out.add("sha256 " + digest.sha256() + " (expected " + sha256 + ")");
        }
        if (sha256Prefix != null && !digest.sha256().startsWith(sha256Prefix)) {
            out.add("sha256 " + digest.sha256() + " (expected to start with " + sha256Prefix + ")");
        }
        return out;
    }

    /** The pins in words, for messages: "size 10953, git-blob-sha1 84dd…". */
    public String expectedDescription() {
        List<String> parts = new ArrayList<>();
        parts.add(size >= 0 ? "size " + size : "size not pinned");
        if (gitBlobSha1 != null) {
            parts.add("git-blob-sha1 " + gitBlobSha1);
        }
        if (sha256 != null) {
            parts.add("sha256 " + sha256);
        } else if (sha256Prefix != null) {
            parts.add("sha256 starting " + sha256Prefix);
        }
        return String.join(", ", parts);
    }

    private static void requireMatch(String value, Pattern pattern, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + pattern + ", got '" + value + "'");
        }
    }

    private static void requireHex(String value, int minLength, int maxLength, String what) {
        if (value != null && (value.length() < minLength || value.length() > maxLength || !HEX.matcher(value).matches())) {
            throw new IllegalArgumentException(what + " must be " + (minLength == maxLength ? minLength : minLength + "–" + maxLength)
                    + " lowercase hex digits, got '" + value + "'");
        }
    }
}
