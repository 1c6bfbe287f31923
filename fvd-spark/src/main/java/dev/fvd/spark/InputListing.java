package dev.fvd.spark;

import dev.fvd.datasets.DatasetShards;
import dev.fvd.datasets.MediaKind;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lists the input files of a dataset on any Hadoop file system, in the order {@code fvd stats} reads a folder
 * ({@code dev.fvd.datasets.Datasets}: recursive, hidden names and {@code __MACOSX} skipped, natural order of relative paths), so that positions, and
 * with them random clip offsets, are those of one {@code fvd stats} pass.
 *
 * <ul>
 *   <li>a folder: its video (image) files, recursively;</li>
 *   <li>a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}): the matching files, and the files of matching folders,
 *       in natural order of their paths;</li>
 *   <li>a list file ({@code .txt}, {@code .lst}): one path per line in the order given, relative ones against the list's
 *       folder; blank lines and lines starting with {@code #} are ignored;</li>
 *   <li>a single file.</li>
 * </ul>
 * Frame folders (a folder of still frames as one video), {@code .npy}/{@code .npz} arrays and {@code .zip} archives are datasets
 * of {@code fvd stats} that fvd-spark does not split; listing such a dataset fails and says so.
 */
final class InputListing {
    private InputListing() {
    }

    static List<String> list(String input, MediaKind kind, Configuration conf) {
        Path path = new Path(input);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (isGlob(input)) {
                FileStatus[] matched = fs.globStatus(path);
                List<String> files = new ArrayList<>();
                if (matched != null) {
                    for (FileStatus status : matched) {
                        files.addAll(status.isDirectory() ? folder(fs, status.getPath(), kind, input)
                                : List.of(fs.makeQualified(status.getPath()).toString()));
                    }
                }
                files.removeIf(f -> !accepts(new Path(f).getName(), kind, input, false));
                files.sort(Comparator.comparing(f -> java.nio.file.Path.of(new Path(f).toUri().getPath()),
                        DatasetShards.NATURAL_ORDER));
                return requireSome(files, input, kind);
            }
            if (!fs.exists(path)) {
                throw new SparkStatsException(3, input + ": no such file or directory");
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                return requireSome(folder(fs, status.getPath(), kind, input), input, kind);
            }
            String name = path.getName().toLowerCase(Locale.ROOT);
            if (name.endsWith(".txt") || name.endsWith(".lst")) {
                return requireSome(listFile(fs, fs.makeQualified(path), kind), input, kind);
            }
            accepts(path.getName(), kind, input, true);
            return List.of(fs.makeQualified(path).toString());
        } catch (IOException e) {
            throw new SparkStatsException(3, input + ": cannot list: " + e);
        }
    }

    private static boolean isGlob(String input) {
        return input.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static List<String> folder(FileSystem fs, Path root, MediaKind kind, String input) throws IOException {
        Path qualifiedRoot = fs.makeQualified(root);
        String rootPath = qualifiedRoot.toUri().getPath();
        List<Map.Entry<java.nio.file.Path, String>> keyed = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedRoot, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            Path file = fs.makeQualified(f.getPath());
            String relative = file.toUri().getPath().substring(rootPath.length()).replaceFirst("^/+", "");
            if (!f.isFile() || DatasetShards.ignored(relative) || !accepts(file.getName(), kind, file.toString(), false)) {
                continue;
            }
            keyed.add(Map.entry(java.nio.file.Path.of(relative), file.toString()));
        }
        keyed.sort(Map.Entry.comparingByKey(DatasetShards.NATURAL_ORDER));
        return new ArrayList<>(keyed.stream().map(Map.Entry::getValue).toList());
    }

    private static List<String> listFile(FileSystem fs, Path list, MediaKind kind) throws IOException {
        List<String> files = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Path entry = new Path(line);
                Path resolved = entry.isAbsoluteAndSchemeAuthorityNull() || entry.toUri().getScheme() != null ? entry
                        : new Path(list.getParent(), entry);
                FileSystem entryFs = resolved.getFileSystem(fs.getConf());
                files.add(entryFs.makeQualified(resolved).toString());
                accepts(resolved.getName(), kind, list + " line " + number, true);
            }
        }
        return files;
    }

    /**
     * Whether a listing takes this file. A still frame in a video dataset means a frame folder, which fvd-spark does not split:
     * that fails rather than give statistics that differ from {@code fvd stats}.
     *
     * @param strict the file was named explicitly: anything but an input of {@code kind} is an error
     */
    private static boolean accepts(String name, MediaKind kind, String where, boolean strict) {
        Optional<MediaKind> media = DatasetShards.mediaOf(name);
        if (kind == MediaKind.VIDEO && media.isPresent() && media.get() == MediaKind.IMAGE) {
            throw new SparkStatsException(2, where + ": " + name + " is a still image; frame folders (a folder of frames as"
                    + " one video) are read by 'fvd stats' but not split by fvd-spark: encode them as videos");
        }
        if (media.isPresent() && media.get() == kind) {
            return true;
        }
        if (strict) {
            throw new SparkStatsException(2, where + ": " + name + " is not a " + kind.name().toLowerCase(Locale.ROOT)
                    + " file; fvd-spark reads a folder, a glob or a list (.txt, .lst) of " + kind.name().toLowerCase(Locale.ROOT)
                    + " files");
        }
        return false;
    }

    private static List<String> requireSome(List<String> files, String input, MediaKind kind) {
        if (files.isEmpty()) {
            throw new SparkStatsException(3, input + ": no " + kind.name().toLowerCase(Locale.ROOT) + " files found");
        }
        return files;
    }
}
