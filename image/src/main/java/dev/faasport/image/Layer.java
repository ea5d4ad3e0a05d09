package dev.faasport.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One image layer: files copied from disk to absolute paths in the image. Layers are rebuilt from their files'
 * contents only (fixed timestamps), so a layer whose files did not change keeps its digest and is not pushed again.
 *
 * @param name    a short name for logs and reports ("dependencies", "faasport-runtime", "classes")
 * @param entries the files of the layer, sorted by path in the image
 */
public record Layer(String name, List<Entry> entries) {

    public Layer {
        Objects.requireNonNull(name, "name");
        entries = entries.stream().sorted(Comparator.comparing(Entry::pathInImage)).toList();
    }

    /**
     * One file of a layer.
     *
     * @param source      the regular file on disk
     * @param pathInImage its absolute Unix path in the image
     */
    public record Entry(Path source, String pathInImage) {
        public Entry {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(pathInImage, "pathInImage");
            if (!pathInImage.startsWith("/")) {
                throw new IllegalArgumentException("Layer entry path '" + pathInImage
                        + "' is relative, perhaps you should make it absolute (start it with /)");
            }
        }
    }

    /** @return a layer holding each file directly under {@code directoryInImage}, under its own file name */
    public static Layer files(String name, List<Path> files, String directoryInImage) {
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            entries.add(new Entry(file, join(directoryInImage, file.getFileName().toString())));
        }
        return new Layer(name, entries);
    }

    /** @return a layer holding every regular file below {@code directory}, at the same relative path below {@code directoryInImage} */
    public static Layer directory(String name, Path directory, String directoryInImage) {
        List<Entry> entries = new ArrayList<>();
        addDirectory(entries, directory, directoryInImage);
        return new Layer(name, entries);
    }

    /** @return this layer with more entries */
    public Layer plus(List<Entry> more) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(more);
        return new Layer(name, all);
    }

    /** @return the sum of the sizes of the layer's files (uncompressed) */
    public long uncompressedBytes() {
        long total = 0;
        for (Entry e : entries) {
            try {
                total += Files.size(e.source());
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot read the size of " + e.source(), ex);
            }
        }
        return total;
    }

    static void addDirectory(List<Entry> entries, Path directory, String directoryInImage) {
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).sorted().forEach(file -> {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                entries.add(new Entry(file, join(directoryInImage, relative)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    static String join(String directory, String relative) {
        return directory.endsWith("/") ? directory + relative : directory + "/" + relative;
    }
}
