package dev.fvd.features.store;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.fvd.features.ModelRegistry;
import dev.fvd.features.ModelUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The list of model files the store knows: a record per file (model id, role, URL, size, pins, license, citation).
 *
 * <p>The canonical manifest is the files of the {@link ModelRegistry} specs; their pins are the ones in
 * {@code REFERENCE.md} "Canonical files and pins". Tests build their own manifests (in code or in the JSON layout of
 * {@link #read}) pointing at a local server.
 *
 * @param files entries in declaration order; (model id, role) and (model id, file name) are unique
 */
public record ModelManifest(List<ModelFile> files) {

    /** Version of the JSON layout; checked on read. */
    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        files = List.copyOf(files);
        Set<String> roles = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ModelFile f : files) {
            if (!roles.add(f.modelId() + "\0" + f.role())) {
                throw new IllegalArgumentException("manifest lists role '" + f.role() + "' of " + f.modelId() + " twice");
            }
            if (!names.add(f.modelId() + "\0" + f.fileName())) {
                throw new IllegalArgumentException("manifest lists file '" + f.fileName() + "' of " + f.modelId() + " twice");
            }
        }
    }

    /** The files of every {@link ModelRegistry} model, with their pins (REFERENCE.md "Canonical files and pins"). */
    public static ModelManifest canonical() {
        return new ModelManifest(ModelRegistry.all().stream().flatMap(spec -> spec.files().stream()).toList());
    }

    /**
     * Reads a manifest in the JSON layout {@link #toJson} writes.
     *
     * @param sourceName named in error messages
     * @throws IllegalArgumentException when the JSON is malformed, of another format version, or an entry is invalid
     */
    public static ModelManifest read(Reader json, String sourceName) {
        try {
            JsonObject root = JsonParser.parseReader(json).getAsJsonObject();
            int version = root.get("formatVersion").getAsInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(sourceName + ": manifest formatVersion " + version + ", this fvd reads "
                        + FORMAT_VERSION);
            }
            List<ModelFile> files = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("files")) {
                JsonObject o = e.getAsJsonObject();
                files.add(new ModelFile(string(o, "model"), string(o, "role"), string(o, "file"),
                        new URI(string(o, "url")), o.has("size") ? o.get("size").getAsLong() : -1,
                        string(o, "gitBlobSha1"), string(o, "sha256"), string(o, "sha256Prefix"),
                        string(o, "license"), string(o, "citation"), string(o, "pinSource")));
            }
            return new ModelManifest(files);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | URISyntaxException e) {
            throw new IllegalArgumentException(sourceName + ": not a valid model manifest: " + e.getMessage(), e);
        }
    }

    /** The manifest in the layout {@link #read} accepts. */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("formatVersion", FORMAT_VERSION);
        JsonArray array = new JsonArray();
        for (ModelFile f : files) {
            JsonObject o = new JsonObject();
            o.addProperty("model", f.modelId());
            o.addProperty("role", f.role());
            o.addProperty("file", f.fileName());
            o.addProperty("url", f.url().toString());
            if (f.size() >= 0) {
                o.addProperty("size", f.size());
            }
            o.addProperty("gitBlobSha1", f.gitBlobSha1());
            o.addProperty("sha256", f.sha256());
            o.addProperty("sha256Prefix", f.sha256Prefix());
            o.addProperty("license", f.license());
            o.addProperty("citation", f.citation());
            o.addProperty("pinSource", f.pinSource());
            array.add(o);
        }
        root.add("files", array);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
    }

    /** Model ids in declaration order. */
    public List<String> modelIds() {
        Set<String> ids = new LinkedHashSet<>();
        files.forEach(f -> ids.add(f.modelId()));
        return List.copyOf(ids);
    }

    /** True when the manifest lists the model. */
    public boolean contains(String modelId) {
        return files.stream().anyMatch(f -> f.modelId().equals(modelId));
    }

    /**
     * The files of one model.
     *
     * @throws ModelUnavailableException when the manifest does not list the model (the message lists the known ids)
     */
    public List<ModelFile> filesOf(String modelId) {
        List<ModelFile> out = files.stream().filter(f -> f.modelId().equals(modelId)).toList();
        if (out.isEmpty()) {
            throw new ModelUnavailableException("unknown model '" + modelId + "'; known models: "
                    + String.join(", ", modelIds()));
        }
        return out;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
