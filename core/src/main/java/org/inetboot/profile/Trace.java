package org.inetboot.profile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reads of one boot, in the order they came: what a boot profile is made from. Its text form
 * (docs/boot-profiles.md) is a header of {@code key value} lines, then one {@code ms offset length}
 * line a read.
 *
 * @param image     the image's URL, for people
 * @param size      the image's size
 * @param validator the image's validator (strong ETag or Last-Modified), or null
 * @param reads     the reads in arrival order
 * @param cut       whether reads were left out because there were more than {@link #MAX_READS}
 */
public record Trace(String image, long size, String validator, List<Read> reads, boolean cut) {

    /** More reads than a boot makes (a Debian Live boot: a few thousand); at 24 bytes each, 1.5 MiB. */
    public static final int MAX_READS = 65_536;

    static final String MAGIC = "# inetboot trace 1";

    public record Read(long millis, long offset, int length) {}

    public String text() {
        var out = new StringBuilder(MAGIC)
                .append('\n')
                .append("image ")
                .append(image)
                .append('\n')
                .append("size ")
                .append(size)
                .append('\n')
                .append("validator ")
                .append(validator == null ? "-" : validator)
                .append('\n')
                .append("cut ")
                .append(cut)
                .append('\n');
        for (var read : reads) {
            out.append(read.millis())
                    .append(' ')
                    .append(read.offset())
                    .append(' ')
                    .append(read.length())
                    .append('\n');
        }
        return out.toString();
    }

    /** Reads a trace's text; {@code name} (a path) names it in errors, with the line. */
    public static Trace parse(String text, String name) throws IOException {
        var lines = text.split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new ProfileFormatException(
                    name + " at line 1: not an inetboot trace (it starts with '" + MAGIC + "')");
        }
        var header = new Header(name, lines);
        var reads = new ArrayList<Read>();
        for (int i = header.end; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            if (reads.size() >= MAX_READS) {
                throw new ProfileFormatException(name + " at line " + (i + 1) + ": more than " + MAX_READS + " reads");
            }
            var fields = lines[i].split(" ");
            if (fields.length != 3) {
                throw new ProfileFormatException(name + " at line " + (i + 1) + ": expected 'ms offset length'");
            }
            var read = new Read(Header.number(name, i, fields[0]), Header.number(name, i, fields[1]), (int)
                    Math.min(Integer.MAX_VALUE, Header.number(name, i, fields[2])));
            if (read.offset() > header.size - read.length()) {
                throw new ProfileFormatException(name + " at line " + (i + 1) + ": a read past the end of the image");
            }
            reads.add(read);
        }
        return new Trace(header.image, header.size, header.validator, List.copyOf(reads), header.cut);
    }

    /** The header's four lines, in order. */
    private static final class Header {
        final String image;
        final long size;
        final String validator;
        final boolean cut;
        final int end = 5;

        Header(String name, String[] lines) throws ProfileFormatException {
            image = field(name, lines, 1, "image");
            size = number(name, 2, field(name, lines, 2, "size"));
            var value = field(name, lines, 3, "validator");
            validator = value.equals("-") ? null : value;
            cut = Boolean.parseBoolean(field(name, lines, 4, "cut"));
        }

        private static String field(String name, String[] lines, int index, String key) throws ProfileFormatException {
            if (index >= lines.length || !lines[index].startsWith(key + " ")) {
                throw new ProfileFormatException(name + " at line " + (index + 1) + ": expected '" + key + " ...'");
            }
            return lines[index].substring(key.length() + 1);
        }

        static long number(String name, int index, String text) throws ProfileFormatException {
            try {
                long value = Long.parseLong(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ProfileFormatException(
                    name + " at line " + (index + 1) + ": '" + text + "' is not a count of bytes or ms");
        }
    }

    /** Collects reads from many threads, up to {@link #MAX_READS}. */
    static final class Recorder {
        private final String image;
        private final long size;
        private final String validator;
        private final long start = System.nanoTime();
        private long[] reads = new long[3 * 1024];
        private int count;
        private boolean cut;

        Recorder(String image, long size, String validator) {
            this.image = image;
            this.size = size;
            this.validator = validator;
        }

        synchronized void record(long offset, int length) {
            if (count == MAX_READS) {
                cut = true;
                return;
            }
            if (3 * count == reads.length) {
                reads = Arrays.copyOf(reads, reads.length * 2);
            }
            reads[3 * count] = (System.nanoTime() - start) / 1_000_000;
            reads[3 * count + 1] = offset;
            reads[3 * count + 2] = length;
            count++;
        }

        synchronized Trace snapshot() {
            var list = new ArrayList<Read>(count);
            for (int i = 0; i < count; i++) {
                list.add(new Read(reads[3 * i], reads[3 * i + 1], (int) reads[3 * i + 2]));
            }
            return new Trace(image, size, validator, List.copyOf(list), cut);
        }
    }
}
