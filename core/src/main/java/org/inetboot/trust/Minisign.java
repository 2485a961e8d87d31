package org.inetboot.trust;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 keys and signatures in minisign's file formats, through the JDK's own EdDSA, so that
 * {@code minisign -V} checks what we sign and we check what minisign signs. We sign the BLAKE2b-512
 * of the message (minisign's default, algorithm {@code ED}) and verify that and the legacy
 * {@code Ed}; the trusted comment is signed with the signature. Secret keys are read and written
 * unencrypted (minisign's {@code -W}); the file's permissions protect them.
 */
public final class Minisign {

    private static final byte[] PLAIN = {'E', 'd'};
    private static final byte[] HASHED = {'E', 'D'};
    private static final byte[] NO_KDF = {0, 0};
    private static final byte[] CHECKSUM = {'B', '2'};
    private static final String UNTRUSTED = "untrusted comment: ";
    private static final String TRUSTED = "trusted comment: ";
    private static final int ID = 8;
    private static final int KEY = 32;
    private static final int SIGNATURE = 64;
    /** Secret key file: algorithms, salt, two KDF limits, key id, seed and public key, checksum. */
    private static final int SECRET_FILE = 2 + 2 + 2 + 32 + 8 + 8 + ID + 2 * KEY + 32;

    private Minisign() {}

    /** A public key: its 8-byte id and 32-byte Ed25519 key. */
    public record PublicKey(byte[] id, byte[] key) {

        /** Reads a minisign public key file (or its base64 line alone). */
        public static PublicKey read(String text, String name) throws SignatureFormatException {
            var bytes = base64(payload(text, name), name, "public key");
            if (bytes.length != 2 + ID + KEY || !Arrays.equals(bytes, 0, 2, PLAIN, 0, 2)) {
                throw new SignatureFormatException(name, "not a minisign Ed25519 public key");
            }
            return new PublicKey(Arrays.copyOfRange(bytes, 2, 2 + ID), Arrays.copyOfRange(bytes, 2 + ID, bytes.length));
        }

        /** The key id as minisign prints it. */
        public String idHex() {
            return hexId(id);
        }

        /** The key's one line, as {@code minisign -P} and {@code inetboot.trust=} take it. */
        public String line() {
            return Base64.getEncoder().encodeToString(concat(PLAIN, id, key));
        }

        public String toFile() {
            return UNTRUSTED + "minisign public key " + idHex() + "\n" + line() + "\n";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PublicKey that && Arrays.equals(id, that.id) && Arrays.equals(key, that.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(id) * 31 + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "minisign public key " + idHex();
        }
    }

    /** A secret key: its id, the 32-byte Ed25519 seed and the public key. */
    public record SecretKey(byte[] id, byte[] seed, byte[] publicKey) {

        public static SecretKey generate() {
            try {
                var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                var seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
                var id = new byte[ID];
                new SecureRandom().nextBytes(id);
                return new SecretKey(id, seed, encode(((EdECPublicKey) pair.getPublic()).getPoint()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no Ed25519", e);
            }
        }

        /** Reads an unencrypted minisign secret key file. */
        public static SecretKey read(String text, String name) throws SignatureFormatException {
            var bytes = base64(payload(text, name), name, "secret key");
            if (bytes.length != SECRET_FILE || !Arrays.equals(bytes, 0, 2, PLAIN, 0, 2)) {
                throw new SignatureFormatException(name, "not a minisign Ed25519 secret key");
            }
            if (!Arrays.equals(bytes, 2, 4, NO_KDF, 0, 2)) {
                throw new SignatureFormatException(
                        name,
                        "the secret key is encrypted; make one without a password (minisign -G -W, or inetboot key generate)");
            }
            int at = 2 + 2 + 2 + 32 + 8 + 8;
            var id = Arrays.copyOfRange(bytes, at, at + ID);
            var seed = Arrays.copyOfRange(bytes, at + ID, at + ID + KEY);
            var publicKey = Arrays.copyOfRange(bytes, at + ID + KEY, at + ID + 2 * KEY);
            var key = new SecretKey(id, seed, publicKey);
            if (!Arrays.equals(bytes, bytes.length - 32, bytes.length, key.checksum(), 0, 32)
                    && !Arrays.equals(bytes, bytes.length - 32, bytes.length, new byte[32], 0, 32)) {
                throw new SignatureFormatException(name, "the secret key's checksum does not match (a damaged file)");
            }
            return key;
        }

        public PublicKey toPublic() {
            return new PublicKey(id, publicKey);
        }

        public String toFile() {
            var salt = new byte[32];
            var limits = new byte[16];
            return UNTRUSTED + "minisign secret key\n"
                    + Base64.getEncoder()
                            .encodeToString(
                                    concat(PLAIN, NO_KDF, CHECKSUM, salt, limits, id, seed, publicKey, checksum()))
                    + "\n";
        }

        /** BLAKE2b-256 of algorithm, id and key, as an encrypted key has it; minisign leaves it 0 in an unencrypted one. */
        private byte[] checksum() {
            return Blake2b.hash(32, PLAIN, id, seed, publicKey);
        }

        /**
         * A signature file for {@code message}: the BLAKE2b-512 of the message signed, then that
         * signature and the trusted comment signed together.
         */
        public String sign(byte[] message, String trustedComment) {
            if (trustedComment.contains("\n") || trustedComment.contains("\r")) {
                throw new IllegalArgumentException("a trusted comment is one line");
            }
            var signature = ed25519(Blake2b.hash(64, message));
            var global = ed25519(concat(signature, trustedComment.getBytes(StandardCharsets.UTF_8)));
            return UNTRUSTED + "signature from InetBoot secret key " + hexId(id) + "\n"
                    + Base64.getEncoder().encodeToString(concat(HASHED, id, signature)) + "\n"
                    + TRUSTED + trustedComment + "\n"
                    + Base64.getEncoder().encodeToString(global) + "\n";
        }

        private byte[] ed25519(byte[] message) {
            try {
                var key = KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
                var signer = Signature.getInstance("Ed25519");
                signer.initSign(key);
                signer.update(message);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no Ed25519", e);
            }
        }
    }

    /**
     * A parsed signature file.
     *
     * @param hashed whether it signs the message's BLAKE2b-512 ({@code ED}) or the message ({@code Ed})
     */
    public record SignatureFile(boolean hashed, byte[] keyId, byte[] signature, String trustedComment, byte[] global) {

        public static SignatureFile read(String text, String name) throws SignatureFormatException {
            var bytes = base64(payload(text, name), name, "signature");
            if (bytes.length != 2 + ID + SIGNATURE) {
                throw new SignatureFormatException(name, "not a minisign signature");
            }
            boolean hashed = Arrays.equals(bytes, 0, 2, HASHED, 0, 2);
            if (!hashed && !Arrays.equals(bytes, 0, 2, PLAIN, 0, 2)) {
                throw new SignatureFormatException(name, "not an Ed25519 signature");
            }
            var lines = text.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            int trusted = lines.getFirst().startsWith(UNTRUSTED) ? 2 : 1;
            if (trusted + 1 >= lines.size() || !lines.get(trusted).startsWith(TRUSTED)) {
                throw new SignatureFormatException(name, "the trusted comment is missing");
            }
            var global = base64(lines.get(trusted + 1), name, "global signature");
            if (global.length != SIGNATURE) {
                throw new SignatureFormatException(name, "the global signature is not 64 bytes");
            }
            return new SignatureFile(
                    hashed,
                    Arrays.copyOfRange(bytes, 2, 2 + ID),
                    Arrays.copyOfRange(bytes, 2 + ID, bytes.length),
                    lines.get(trusted).substring(TRUSTED.length()),
                    global);
        }

        public String keyIdHex() {
            return hexId(keyId);
        }

        /** The trusted key among {@code keys} that made this signature, if any. */
        public java.util.Optional<PublicKey> signer(List<PublicKey> keys) {
            return keys.stream().filter(k -> Arrays.equals(k.id(), keyId)).findFirst();
        }

        /** Whether {@code key} signed {@code message} and the trusted comment. */
        public boolean verifies(byte[] message, PublicKey key) {
            if (!Arrays.equals(key.id(), keyId)) {
                return false;
            }
            var signed = hashed ? Blake2b.hash(64, message) : message;
            return ed25519(key.key(), signed, signature)
                    && ed25519(key.key(), concat(signature, trustedComment.getBytes(StandardCharsets.UTF_8)), global);
        }
    }

    private static boolean ed25519(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey))));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (java.security.SignatureException | java.security.spec.InvalidKeySpecException e) {
            return false; // a malformed key or signature verifies nothing
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** RFC 8032's encoding: y little-endian, the sign of x in the top bit. */
    private static byte[] encode(EdECPoint point) {
        var bigEndian = point.getY().toByteArray();
        var out = new byte[KEY];
        for (int i = 0; i < Math.min(KEY, bigEndian.length); i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[KEY - 1] |= (byte) 0x80;
        }
        return out;
    }

    private static EdECPoint decode(byte[] key) {
        var bigEndian = new byte[KEY];
        for (int i = 0; i < KEY; i++) {
            bigEndian[i] = key[KEY - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7F;
        return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    }

    /** The first base64 line after the untrusted comment (or the only line). */
    private static String payload(String text, String name) throws SignatureFormatException {
        for (var line : text.lines().toList()) {
            var stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith(UNTRUSTED)) {
                return stripped;
            }
        }
        throw new SignatureFormatException(name, "empty");
    }

    private static byte[] base64(String line, String name, String what) throws SignatureFormatException {
        try {
            return Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            throw new SignatureFormatException(name, "the " + what + " is not base64");
        }
    }

    /** minisign's key id: the 8 bytes as a little-endian number in hex. */
    private static String hexId(byte[] id) {
        var reversed = id.clone();
        for (int i = 0; i < ID / 2; i++) {
            byte b = reversed[i];
            reversed[i] = reversed[ID - 1 - i];
            reversed[ID - 1 - i] = b;
        }
        return HexFormat.of().withUpperCase().formatHex(reversed);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (var part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
