package io.mqttd.quic.tls;

import io.mqttd.quic.crypto.Hkdf;

/**
 * The TLS 1.3 key schedule of RFC 8446 §7.1, one instance per connection and cipher suite hash:
 *
 * <pre>
 *   0 -&gt; HKDF-Extract(0, PSK or 0) = Early Secret
 *          -&gt; binder_key, client_early_traffic_secret
 *        Derive-Secret(., "derived", "") -&gt; HKDF-Extract(., (EC)DHE) = Handshake Secret
 *          -&gt; c/s hs traffic
 *        Derive-Secret(., "derived", "") -&gt; HKDF-Extract(., 0) = Master Secret
 *          -&gt; c/s ap traffic, exp master, res master
 * </pre>
 */
final class KeySchedule {
    private final Hkdf hkdf;
    private final byte[] zeros;
    private final byte[] emptyHash;
    private byte[] earlySecret;
    private byte[] handshakeSecret;
    private byte[] masterSecret;

    KeySchedule(Hkdf hkdf) {
        this.hkdf = hkdf;
        this.zeros = new byte[hkdf.hashLength()];
        this.emptyHash = hkdf.hash(new byte[0]);
    }

    /** Early Secret = HKDF-Extract(0, PSK), with Hash.length zeros when there is no PSK. */
    KeySchedule early(byte[] psk) {
        earlySecret = hkdf.extract(zeros, psk == null ? zeros : psk);
        return this;
    }

    byte[] earlySecret() {
        return earlySecret;
    }

    /** "res binder" for resumption PSKs (RFC 8446 §7.1); this stack has no external PSKs. */
    byte[] resumptionBinderKey() {
        return hkdf.deriveSecret(earlySecret, "res binder", emptyHash);
    }

    byte[] clientEarlyTrafficSecret(byte[] clientHelloHash) {
        return hkdf.deriveSecret(earlySecret, "c e traffic", clientHelloHash);
    }

    KeySchedule handshake(byte[] sharedSecret) {
        byte[] derived = hkdf.deriveSecret(earlySecret, "derived", emptyHash);
        handshakeSecret = hkdf.extract(derived, sharedSecret);
        return this;
    }

    byte[] handshakeSecret() {
        return handshakeSecret;
    }

    byte[] clientHandshakeTrafficSecret(byte[] helloHash) {
        return hkdf.deriveSecret(handshakeSecret, "c hs traffic", helloHash);
    }

    byte[] serverHandshakeTrafficSecret(byte[] helloHash) {
        return hkdf.deriveSecret(handshakeSecret, "s hs traffic", helloHash);
    }

    KeySchedule master() {
        byte[] derived = hkdf.deriveSecret(handshakeSecret, "derived", emptyHash);
        masterSecret = hkdf.extract(derived, zeros);
        return this;
    }

    byte[] masterSecret() {
        return masterSecret;
    }

    byte[] clientApplicationTrafficSecret(byte[] serverFinishedHash) {
        return hkdf.deriveSecret(masterSecret, "c ap traffic", serverFinishedHash);
    }

    byte[] serverApplicationTrafficSecret(byte[] serverFinishedHash) {
        return hkdf.deriveSecret(masterSecret, "s ap traffic", serverFinishedHash);
    }

    byte[] exporterMasterSecret(byte[] serverFinishedHash) {
        return hkdf.deriveSecret(masterSecret, "exp master", serverFinishedHash);
    }

    byte[] resumptionMasterSecret(byte[] clientFinishedHash) {
        return hkdf.deriveSecret(masterSecret, "res master", clientFinishedHash);
    }

    /** finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length), RFC 8446 §4.4.4. */
    static byte[] finishedKey(Hkdf hkdf, byte[] baseKey) {
        return hkdf.expandLabel(baseKey, "finished", new byte[0], hkdf.hashLength());
    }

    /** verify_data = HMAC(finished_key, Transcript-Hash(...)), RFC 8446 §4.4.4. */
    static byte[] finishedVerifyData(Hkdf hkdf, byte[] baseKey, byte[] transcriptHash) {
        return hkdf.hmac(finishedKey(hkdf, baseKey), transcriptHash);
    }

    /** The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce, Hash.length), §4.6.1. */
    static byte[] resumptionPsk(Hkdf hkdf, byte[] resumptionMasterSecret, byte[] ticketNonce) {
        return hkdf.expandLabel(resumptionMasterSecret, "resumption", ticketNonce, hkdf.hashLength());
    }
}
