package dev.fvd.features.store;

import dev.fvd.features.ModelUnavailableException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the files of an import are: a directory holding them under their canonical names, the single file of a one-file
 * model, or a checkpoint prefix / one of its files ({@code dir/model.ckpt}, {@code dir/rgb_scratch.model.ckpt.index}).
 */
final class ImportSources {
    private ImportSources() {
    }

    /**
     * @throws ModelUnavailableException naming every missing file and the names the model needs
     */
    static Map<ModelFile, Path> locate(String modelId, List<ModelFile> files, Path given) {
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

}
