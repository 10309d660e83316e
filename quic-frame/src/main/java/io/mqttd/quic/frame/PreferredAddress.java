package io.mqttd.quic.frame;

import io.mqttd.quic.packet.ConnectionId;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The value of the preferred_address transport parameter, RFC 9000 §18.2 Figure 22 (§9.6). Addresses
 * are the raw network-order bytes: an all-zero address and port mean the server offers no address of
 * that family. The connection ID has sequence number 1 (§5.1.1) and must not be empty.
 *
 * @param ipv4Address 4 bytes, copied in and out
 * @param ipv6Address 16 bytes, copied in and out
 * @param statelessResetToken 16 bytes, copied in and out
 */
public record PreferredAddress(byte[] ipv4Address, int ipv4Port, byte[] ipv6Address, int ipv6Port,
        ConnectionId connectionId, byte[] statelessResetToken) {
    /** Encoded length without the connection ID: 4 + 2 + 16 + 2 + 1 + 16. */
    static final int FIXED_LENGTH = 41;

    public PreferredAddress {
        if (ipv4Address.length != 4 || ipv6Address.length != 16) {
            throw new IllegalArgumentException("preferred_address needs a 4-byte IPv4 and a 16-byte IPv6 address");
        }
        if (ipv4Port < 0 || ipv4Port > 0xffff || ipv6Port < 0 || ipv6Port > 0xffff) {
            throw new IllegalArgumentException("port out of range");
        }
        if (connectionId.isEmpty()) {
            throw new IllegalArgumentException("preferred_address MUST NOT carry a zero-length connection ID (§18.2)");
        }
        if (statelessResetToken.length != 16) {
            throw new IllegalArgumentException("stateless reset token must be 16 bytes");
        }
        ipv4Address = ipv4Address.clone();
        ipv6Address = ipv6Address.clone();
        statelessResetToken = statelessResetToken.clone();
    }

    @Override
    public byte[] ipv4Address() {
        return ipv4Address.clone();
    }

    @Override
    public byte[] ipv6Address() {
        return ipv6Address.clone();
    }

    @Override
    public byte[] statelessResetToken() {
        return statelessResetToken.clone();
    }

    int encodedLength() {
        return FIXED_LENGTH + connectionId.length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreferredAddress other && ipv4Port == other.ipv4Port && ipv6Port == other.ipv6Port
                && Arrays.equals(ipv4Address, other.ipv4Address) && Arrays.equals(ipv6Address, other.ipv6Address)
                && connectionId.equals(other.connectionId)
                && Arrays.equals(statelessResetToken, other.statelessResetToken);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(ipv4Address) * 31 + ipv4Port) * 31 + Arrays.hashCode(ipv6Address)) * 31
                + ipv6Port + connectionId.hashCode() * 17 + Arrays.hashCode(statelessResetToken);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "PreferredAddress[v4=" + hex.formatHex(ipv4Address) + ":" + ipv4Port + ", v6="
                + hex.formatHex(ipv6Address) + ":" + ipv6Port + ", cid=" + connectionId + ", token="
                + hex.formatHex(statelessResetToken) + ']';
    }
}
