package org.inetboot.trust;

import java.util.List;

/**
 * Which manifests to believe: signatures by {@code keys} are checked, and with {@code
 * requireSigned} an image without a good signature by one of them is refused.
 */
public record TrustPolicy(List<Minisign.PublicKey> keys, boolean requireSigned) {

    public static final TrustPolicy NONE = new TrustPolicy(List.of(), false);

    public TrustPolicy {
        keys = List.copyOf(keys);
    }

    /**
     * The trust state of a manifest and its signature file ({@code signature} null when there is
     * none), as one line for {@code inetboot info}; a refusal is a {@link SignatureFormatException}
     * naming the manifest. A bad signature by a trusted key is refused even when signatures are
     * not required: someone altered the manifest.
     */
    public String check(byte[] manifest, String signature, String name, boolean hasPieces)
            throws SignatureFormatException {
        if (signature == null) {
            return refuseIfRequired(name, "unsigned");
        }
        Minisign.SignatureFile file;
        try {
            file = Minisign.SignatureFile.read(signature, name + ".minisig");
        } catch (SignatureFormatException e) {
            return refuseIfRequired(name, "unreadable signature (" + e.getMessage() + ")");
        }
        var signer = file.signer(keys);
        if (signer.isEmpty()) {
            return refuseIfRequired(name, "signed by key " + file.keyIdHex() + ", which is not among the trusted keys");
        }
        if (!file.verifies(manifest, signer.get())) {
            throw new SignatureFormatException(
                    name,
                    "bad signature by trusted key " + file.keyIdHex() + ": the manifest or its signature was altered");
        }
        if (requireSigned && !hasPieces) {
            throw new SignatureFormatException(name, "signed, but without SHA-256 pieces its bytes cannot be checked");
        }
        return "signed by trusted key " + file.keyIdHex() + " (" + file.trustedComment() + ")";
    }

    private String refuseIfRequired(String name, String state) throws SignatureFormatException {
        if (requireSigned) {
            throw new SignatureFormatException(name, state + "; a signature by a trusted key is required");
        }
        return state;
    }
}
