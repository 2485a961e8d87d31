package org.inetboot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.inetboot.host.Processes;
import org.inetboot.testing.Nginx;
import org.inetboot.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys, manifests and signatures made by the CLI, taken by the real tools (minisign, aria2), and
 * the CLI reading an image through mirrors, one of which lies and one of which is gone.
 */
class PublishTest {

    private static final int SIZE = 3 << 20;

    @TempDir
    static Path dir;

    static Path image;
    static Nginx good;
    static Nginx liar;
    static Nginx gone;
    static String sha256;

    @BeforeAll
    static void mirrors() throws Exception {
        image = SampleFiles.write(Files.createDirectories(dir.resolve("good")).resolve("live image.iso"), SIZE, 17);
        var bytes = Files.readAllBytes(image);
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        bytes[SIZE - 100] ^= 1;
        Files.write(Files.createDirectories(dir.resolve("liar")).resolve("live image.iso"), bytes);
        Files.createDirectories(dir.resolve("gone"));
        good = Nginx.serve(dir.resolve("good"), dir.resolve("nginx-good"));
        liar = Nginx.serve(dir.resolve("liar"), dir.resolve("nginx-liar"));
        gone = Nginx.serve(dir.resolve("gone"), dir.resolve("nginx-gone"));
        gone.close();
    }

    @AfterAll
    static void stop() throws Exception {
        good.close();
        liar.close();
    }

    @Test
    void signedManifestsAreTakenByMinisignAria2AndTheCli() throws Exception {
        var key = dir.resolve("keys/release");
        Files.createDirectories(key.getParent());
        var generated = CliTest.run("key", "generate", "-o", key.toString());
        assertThat(generated.status()).as(generated.err()).isZero();
        assertThat(Files.getPosixFilePermissions(Path.of(key + ".key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(CliTest.run("key", "generate", "-o", key.toString()).err()).contains("already exists");

        var sums = dir.resolve("SHA256SUMS");
        Files.writeString(sums, sha256 + "  live image.iso\n");
        var published = CliTest.run(
                "publish",
                image.toString(),
                "--mirror",
                "de=" + liar.uri(),
                "--mirror",
                good.uri().toString(),
                "--mirror",
                gone.uri().toString(),
                "--sign",
                key + ".key",
                "--verify-sums",
                sums.toString(),
                "--piece-size",
                "64K");
        assertThat(published.status()).as(published.err()).isZero();
        assertThat(published.out()).contains("(48 pieces of 65536 bytes, 3 mirrors, signed by key ");
        var manifest = dir.resolve("good/live image.iso.meta4");
        assertThat(Files.readString(manifest))
                .contains("<url priority=\"1\" location=\"de\">" + liar.uri() + "live%20image.iso</url>");

        Processes.run(dir.resolve("good"), List.of("minisign", "-V", "-p", key + ".pub", "-m", "live image.iso.meta4"));

        // aria2 asks a mirror that sent a bad piece again until its tries run out: it gets good mirrors only
        var copy = Files.createDirectories(dir.resolve("aria2"));
        assertThat(CliTest.run(
                                "publish",
                                image.toString(),
                                "--mirror",
                                good.uri().toString(),
                                "-o",
                                copy.toString())
                        .status())
                .isZero();
        Processes.run(
                copy,
                List.of(
                        "aria2c",
                        "--no-conf",
                        "--console-log-level=warn",
                        "--summary-interval=0",
                        "--max-tries=1",
                        "--uri-selector=adaptive",
                        "--metalink-file=live image.iso.meta4",
                        "--dir",
                        copy.toString()));
        assertThat(sha256(Files.readAllBytes(copy.resolve("live image.iso")))).isEqualTo(sha256);

        var url = good.uri() + "live%20image.iso.meta4";
        var info = CliTest.run("info", url, "--trust", key + ".pub", "--require-signed", "--json");
        assertThat(info.status()).as(info.err()).isZero();
        var json = info.json();
        assertThat(json.get("trust").asText()).startsWith("signed by trusted key ");
        assertThat(json.get("pieceSize").asInt()).isEqualTo(65536);
        assertThat(json.get("sha256").asText()).isEqualTo(sha256);
        assertThat(json.get("mirrors")).hasSize(3);
        assertThat(json.get("mirrors").get(2).get("state").asText()).startsWith("dropped: ");

        var whole = dir.resolve("whole.iso");
        var read = CliTest.run(
                "read", url, "--offset", "0", "--length", String.valueOf(SIZE), "-o", whole.toString(), "--stats");
        assertThat(read.status()).as(read.err()).isZero();
        assertThat(sha256(Files.readAllBytes(whole))).isEqualTo(sha256);
        assertThat(read.stats().get("badPieces").asLong()).isEqualTo(1);
    }

    @Test
    void aMismatchWithTheDistributionsSumsIsNotPublished() throws IOException {
        var sums = dir.resolve("WRONGSUMS");
        Files.writeString(sums, "0".repeat(64) + " *live image.iso\n");
        var refused = CliTest.run(
                "publish",
                image.toString(),
                "--verify-sums",
                sums.toString(),
                "-o",
                dir.resolve("out").toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().strip())
                .isEqualTo("inetboot: " + image + ": SHA-256 " + sha256 + " is not " + "0".repeat(64) + " as " + sums
                        + " says; not published");
        assertThat(dir.resolve("out/live image.iso.meta4")).doesNotExist();
        assertThat(CliTest.run("publish", image.toString(), "--piece-size", "0").err())
                .contains("--piece-size must be from 1K to 64M");
        assertThat(CliTest.run("info", good.uri() + "live%20image.iso", "--require-signed")
                        .err())
                .contains("--require-signed needs a --trust key");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aDirectoryBecomesACatalogWithABaseUrlAndNothingElse() throws IOException {
        var www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("notes.txt"), "not an image");
        var result = CliTest.run("publish", www.toString(), "--base-url", "https://boot.example/isos/");
        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("wrote the catalog of " + www + ": 0 images, 1 files skipped;"
                        + " its page is https://boot.example/isos/index.html");
        assertThat(www.resolve("catalog.json")).content().contains("\"file\":\"notes.txt\"");
        assertThat(www.resolve("index.html")).exists();

        var noBase = CliTest.run("publish", www.toString());
        assertThat(noBase.status()).isNotZero();
        assertThat(noBase.err()).contains("a DIR needs --base-url");
        var spaced = CliTest.run("publish", www.toString(), "--base-url", "http://h/a b");
        assertThat(spaced.status()).isNotZero();
        assertThat(spaced.err())
                .contains("--base-url: base URL http://h/a b: not http(s)://HOST[/PATH] in letters, digits and -._~%/");
        var served = CliTest.run("serve", www.toString(), "--catalog", "--base-url", "ftp://h");
        assertThat(served.status()).as("refused before the server starts").isNotZero();
        assertThat(served.err()).contains("--base-url: base URL ftp://h: not http(s)://HOST[/PATH]");
        var everywhere = CliTest.run("serve", www.toString(), "--catalog", "--bind", "0.0.0.0:0");
        assertThat(everywhere.status()).isNotZero();
        assertThat(everywhere.err()).contains("--catalog on 0.0.0.0 needs --base-url, the URL clients reach DIR at");
        var signed = CliTest.run("publish", www.toString(), "--base-url", "http://h", "--sign", "key");
        assertThat(signed.status()).isNotZero();
        assertThat(signed.err()).contains("--mirror, --sign, --verify-sums and -o go with image files, not a DIR");
        var files = CliTest.run("publish", image.toString(), "--base-url", "http://h");
        assertThat(files.status()).isNotZero();
        assertThat(files.err()).contains("--base-url and --medium go with a DIR");
    }
}
