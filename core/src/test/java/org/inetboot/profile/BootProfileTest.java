package org.inetboot.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.inetboot.profile.BootProfile.Extent;
import org.inetboot.profile.Trace.Read;
import org.inetboot.source.ByteArraySource;
import org.junit.jupiter.api.Test;

class BootProfileTest {

    private static final int BLOCK = 4096;
    private static final long SIZE = 100 * BLOCK + 100;

    private static Trace trace(Read... reads) {
        return new Trace("http://m/live.iso", SIZE, "\"v1\"", List.of(reads), false);
    }

    @Test
    void oneBootIsItsBlocksInFirstReadOrderAdjacentOnesJoined() throws Exception {
        var profile = BootProfile.merge(
                List.of(trace(
                        new Read(0, 50 * BLOCK, 2 * BLOCK), // blocks 50, 51
                        new Read(5, 10, 100), // block 0
                        new Read(6, 52 * BLOCK + 7, 10), // block 52: not adjacent in time to 51
                        new Read(7, 50 * BLOCK, BLOCK), // again: already there
                        new Read(9, 99 * BLOCK, BLOCK + 100))),
                0.5,
                BLOCK); // blocks 99 and the short last one
        assertThat(profile.extents())
                .containsExactly(
                        new Extent(50 * BLOCK, 2 * BLOCK),
                        new Extent(0, BLOCK),
                        new Extent(52 * BLOCK, BLOCK),
                        new Extent(99 * BLOCK, BLOCK + 100));
        assertThat(profile.bytes()).isEqualTo(5 * BLOCK + 100);
        assertThat(profile.boots()).isEqualTo(1);
    }

    @Test
    void blocksReadByTooFewBootsAreLeftOutAndOrderIsTheMedianTime() throws Exception {
        var a = trace(new Read(0, 0, BLOCK), new Read(10, 5 * BLOCK, BLOCK), new Read(20, 9 * BLOCK, BLOCK));
        var b = trace(new Read(0, 5 * BLOCK, BLOCK), new Read(30, 0, BLOCK));
        var c = trace(new Read(0, 5 * BLOCK, BLOCK), new Read(40, 0, BLOCK), new Read(50, 70 * BLOCK, BLOCK));
        var profile = BootProfile.merge(List.of(a, b, c), 0.6, BLOCK);
        assertThat(profile.extents()).containsExactly(new Extent(5 * BLOCK, BLOCK), new Extent(0, BLOCK));
        assertThat(profile.boots()).isEqualTo(3);
        assertThat(BootProfile.merge(List.of(a, b, c), 0.0, BLOCK).extents()).hasSize(4);
    }

    @Test
    void tracesOfDifferentImagesAreNotMerged() {
        var other = new Trace("http://m/live.iso", SIZE, "\"v2\"", List.of(), false);
        assertThatThrownBy(() -> BootProfile.merge(List.of(trace(), other), 0.5, BLOCK))
                .isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("different images");
    }

    @Test
    void theJsonFormRoundTripsAndTiesTheProfileToItsImage() throws Exception {
        var profile =
                BootProfile.merge(List.of(trace(new Read(0, 0, 3 * BLOCK), new Read(3, 40 * BLOCK, 1))), 0.5, BLOCK);
        var json = profile.json();
        assertThat(json).startsWith("{\"format\":\"inetboot-profile\",\"version\":1,\"size\":" + SIZE);
        assertThat(BootProfile.parse(json, "p.json")).isEqualTo(profile);
        assertThat(profile.mismatch(SIZE, "\"v1\"")).isEmpty();
        assertThat(profile.mismatch(SIZE, "\"v2\"")).hasValue("it was recorded for version \"v1\", this one is \"v2\"");
        assertThat(profile.mismatch(SIZE + 1, "\"v1\""))
                .hasValueSatisfying(why -> assertThat(why).contains("bytes"));
        assertThat(profile.mismatch(SIZE, null)).hasValue("no validator (ETag or Last-Modified) ties it to this image");
    }

    @Test
    void brokenAndHostileProfilesAreOneLineErrors() {
        var good =
                "{\"format\":\"inetboot-profile\",\"version\":1,\"size\":1000,\"validator\":\"x\",\"blockSize\":4096,\"boots\":1,";
        String[][] cases = {
            {"{\"format\":\"inetboot-prof", "p.json at offset 24: not JSON: a string is not closed"},
            {"[1,2]", "p.json: not a boot profile (no JSON object)"},
            {
                good.replace("\"version\":1", "\"version\":2") + "\"extents\":[]}",
                "p.json: not a boot profile of version 1 (format inetboot-profile, version 2)"
            },
            {good + "\"extents\":[[0,1001]]}", "p.json: extent 0 length: 1001 is not a whole number from 1 to 1000"},
            {good + "\"extents\":[[999,2]]}", "p.json: extent 0 length: 2 is not a whole number from 1 to 1"},
            {good + "\"extents\":[[-1,2]]}", "p.json: extent 0 offset: -1 is not a whole number from 0 to 1000"},
            {good + "\"extents\":[[0,600],[0,600]]}", "p.json: extent 1: the extents cover more than the image"},
            {good + "\"extents\":[[0.5,1]]}", "p.json: extent 0 offset: 0.5 is not a whole number from 0 to 1000"},
            {good + "\"extents\":[\"a\"]}", "p.json: extent 0: not [offset, length]"},
            {good + "\"extents\":7}", "p.json: field extents: not a list of at most 65536 extents"},
            {
                good.replace("4096", "1e30") + "\"extents\":[]}",
                "p.json: field blockSize: 1E+30 is not a whole number from 512 to 67108864"
            },
        };
        for (var c : cases) {
            assertThatThrownBy(() -> BootProfile.parse(c[0], "p.json"))
                    .as(c[0])
                    .isInstanceOf(IOException.class)
                    .hasMessage(c[1]);
        }
    }

    @Test
    void aTracingSourceRecordsDemandReadsInOrderAndStopsAtItsBound() throws Exception {
        var tracing = new TracingSource(new ByteArraySource("http://m/live.iso", new byte[(int) SIZE]));
        tracing.read(ByteBuffer.allocate(100), 8192);
        tracing.read(ByteBuffer.allocate(10), 0);
        var trace = tracing.trace();
        assertThat(trace.reads())
                .extracting(Read::offset, Read::length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(8192L, 100), org.assertj.core.groups.Tuple.tuple(0L, 10));
        assertThat(trace.cut()).isFalse();
        for (int i = 0; i < Trace.MAX_READS; i++) {
            tracing.read(ByteBuffer.allocate(1), i);
        }
        assertThat(tracing.trace().reads()).hasSize(Trace.MAX_READS);
        assertThat(tracing.trace().cut()).isTrue();
    }

    @Test
    void theTraceTextRoundTripsAndBrokenOnesNameTheLine() throws Exception {
        var trace = trace(new Read(0, 8192, 100), new Read(12, 0, 10));
        assertThat(Trace.parse(trace.text(), "t")).isEqualTo(trace);
        String[][] cases = {
            {"hello", "t at line 1: not an inetboot trace (it starts with '# inetboot trace 1')"},
            {
                "# inetboot trace 1\nimage x\nsize -5\nvalidator -\ncut false\n",
                "t at line 3: '-5' is not a count of bytes or ms"
            },
            {"# inetboot trace 1\nimage x\nsize 10\n", "t at line 4: expected 'validator ...'"},
            {
                "# inetboot trace 1\nimage x\nsize 10\nvalidator -\ncut false\n1 2\n",
                "t at line 6: expected 'ms offset length'"
            },
            {
                "# inetboot trace 1\nimage x\nsize 10\nvalidator -\ncut false\n1 8 5\n",
                "t at line 6: a read past the end of the image"
            },
        };
        for (var c : cases) {
            assertThatThrownBy(() -> Trace.parse(c[0], "t"))
                    .as(c[0])
                    .isInstanceOf(ProfileFormatException.class)
                    .hasMessage(c[1]);
        }
    }
}
