package dev.fvd.features.store;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@link WeightsProvenance} sidecars (JSON, with a format version checked on read). */
final class ProvenanceFiles {
    static final int FORMAT_VERSION = 1;

    private ProvenanceFiles() {
    }

    /** Empty when the file is absent or unreadable (then the store re-hashes, which is always safe). */
    static Optional<WeightsProvenance> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
            if (root.get("formatVersion").getAsInt() != FORMAT_VERSION) {
                return Optional.empty();
            }
            List<StoredFile> files = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("files")) {
                JsonObject o = e.getAsJsonObject();
                files.add(new StoredFile(o.get("role").getAsString(), o.get("file").getAsString(),
                        o.get("source").getAsString(), o.get("storedAt").getAsString(),
                        o.get("lastModifiedMillis").getAsLong(),
                        new FileDigest(o.get("size").getAsLong(), o.get("gitBlobSha1").getAsString(),
                                o.get("sha256").getAsString()),
                        o.get("canonical").getAsBoolean()));
            }
            return Optional.of(new WeightsProvenance(root.get("model").getAsString(), files));
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException
                 | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String toJson(WeightsProvenance provenance) {
        JsonObject root = new JsonObject();
        root.addProperty("formatVersion", FORMAT_VERSION);
        root.addProperty("model", provenance.modelId());
        root.addProperty("canonical", provenance.canonical());
        JsonArray files = new JsonArray();
        for (StoredFile f : provenance.files()) {
            JsonObject o = new JsonObject();
            o.addProperty("role", f.role());
            o.addProperty("file", f.fileName());
            o.addProperty("source", f.source());
            o.addProperty("storedAt", f.storedAt());
            o.addProperty("lastModifiedMillis", f.lastModifiedMillis());
            o.addProperty("size", f.digest().size());
            o.addProperty("gitBlobSha1", f.digest().gitBlobSha1());
            o.addProperty("sha256", f.digest().sha256());
            o.addProperty("canonical", f.canonical());
            files.add(o);
        }
        root.add("files", files);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }
}
