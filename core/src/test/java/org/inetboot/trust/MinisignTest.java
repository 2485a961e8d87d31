package org.inetboot.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.inetboot.host.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our Ed25519 keys and signatures against the real minisign, both ways. */
class MinisignTest {

    @TempDir
    Path dir;

    @Test
    void blake2bMatchesRfc7693() {
        assertEquals(
                "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                HexFormat.of().formatHex(Blake2b.hash(64, "abc".getBytes(StandardCharsets.US_ASCII))));
        // 129 bytes cross a block boundary; the last full block must carry the final flag
        var long1 = new byte[129];
        var split = new Blake2b(64);
        split.update(long1, 0, 128);
        split.update(long1, 128, 1);
        assertArrayEquals(Blake2b.hash(64, long1), split.digest());
        assertEquals(
                "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                        + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                HexFormat.of().formatHex(Blake2b.hash(64)));
    }

    @Test
    void minisignVerifiesOurSignatureAndReadsOurSecretKey() throws IOException {
        var key = Minisign.SecretKey.generate();
        var message = dir.resolve("image.meta4");
        Files.writeString(message, "<metalink/>\n");
        Files.writeString(dir.resolve("key.pub"), key.toPublic().toFile());
        Files.writeString(dir.resolve("key.sec"), key.toFile());
        Files.writeString(
                dir.resolve("image.meta4.minisig"), key.sign(Files.readAllBytes(message), "image.meta4 by InetBoot"));

        var out = minisign("-V", "-p", "key.pub", "-m", "image.meta4");
        assertTrue(out.contains("Trusted comment: image.meta4 by InetBoot"), out);

        minisign("-R", "-W", "-s", "key.sec", "-p", "again.pub");
        assertEquals(
                key.toPublic().toFile().lines().toList().get(1),
                Files.readAllLines(dir.resolve("again.pub")).get(1));
    }

    @Test
    void weVerifyMinisignsSignaturesHashedAndLegacy() throws IOException {
        minisign("-G", "-W", "-p", "their.pub", "-s", "their.sec");
        var message = "the exact bytes\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("file"), message);
        var theirs = Minisign.PublicKey.read(Files.readString(dir.resolve("their.pub")), "their.pub");
        var secret = Minisign.SecretKey.read(Files.readString(dir.resolve("their.sec")), "their.sec");
        assertArrayEquals(theirs.key(), secret.publicKey());
        assertTrue(Files.readString(dir.resolve("their.pub")).contains(theirs.idHex()));

        for (var legacy : List.of(false, true)) {
            var args = legacy
                    ? List.of("-S", "-l", "-s", "their.sec", "-t", "legacy", "-m", "file")
                    : List.of("-S", "-s", "their.sec", "-t", "hashed", "-m", "file");
            minisign(args.toArray(String[]::new));
            var signature = Minisign.SignatureFile.read(Files.readString(dir.resolve("file.minisig")), "file.minisig");
            assertEquals(!legacy, signature.hashed());
            assertEquals(legacy ? "legacy" : "hashed", signature.trustedComment());
            assertEquals(theirs, signature.signer(List.of(theirs)).orElseThrow());
            assertTrue(signature.verifies(message, theirs));
            assertFalse(signature.verifies("the exact bytes!\n".getBytes(StandardCharsets.UTF_8), theirs));
        }
    }

    @Test
    void aChangedTrustedCommentOrAnotherKeyVerifiesNothing() throws IOException {
        var key = Minisign.SecretKey.generate();
        var other = Minisign.SecretKey.generate();
        var message = "manifest".getBytes(StandardCharsets.UTF_8);
        var text = key.sign(message, "release 1");
        assertTrue(Minisign.SignatureFile.read(text, "sig").verifies(message, key.toPublic()));

        var forged = Minisign.SignatureFile.read(text.replace("release 1", "release 2"), "sig");
        assertFalse(forged.verifies(message, key.toPublic()));
        var signature = Minisign.SignatureFile.read(text, "sig");
        assertTrue(signature.signer(List.of(other.toPublic())).isEmpty());
        assertFalse(signature.verifies(message, other.toPublic()));
    }

    @Test
    void malformedFilesAreOneLineErrors() {
        var cases = List.of(
                List.of("", "sig: empty"),
                List.of("untrusted comment: x\n!!!\n", "sig: the signature is not base64"),
                List.of("untrusted comment: x\nRWQ=\n", "sig: not a minisign signature"));
        for (var c : cases) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(
                    SignatureFormatException.class, () -> Minisign.SignatureFile.read(c.get(0), "sig"));
            assertEquals(c.get(1), e.getMessage());
        }
    }

    private String minisign(String... args) throws IOException {
        var command = new java.util.ArrayList<>(List.of("minisign"));
        command.addAll(List.of(args));
        return Processes.run(dir, command);
    }
}
