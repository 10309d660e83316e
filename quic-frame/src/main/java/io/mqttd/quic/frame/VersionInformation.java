package io.mqttd.quic.frame;

import java.util.Arrays;

/**
 * The value of the version_information transport parameter, RFC 9368 §3 (id 0x11): the version
 * the sender chose for this connection and the versions it could have used, each 32 bits. Neither
 * the chosen version nor any available version may be 0 (RFC 9368 §4 treats it as a parsing
 * failure); whether the values are consistent with the packets seen is for the connection to check.
 *
 * @param availableVersions copied in and out
 */
public record VersionInformation(int chosenVersion, int[] availableVersions) {
    public VersionInformation {
        if (chosenVersion == 0) {
            throw new IllegalArgumentException("Chosen Version must not be 0 (RFC 9368 §4)");
        }
        for (int v : availableVersions) {
            if (v == 0) {
                throw new IllegalArgumentException("Available Versions must not contain 0 (RFC 9368 §4)");
            }
        }
        availableVersions = availableVersions.clone();
    }

    @Override
    public int[] availableVersions() {
        return availableVersions.clone();
    }

    int encodedLength() {
        return 4 * (1 + availableVersions.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionInformation other && chosenVersion == other.chosenVersion
                && Arrays.equals(availableVersions, other.availableVersions);
    }

    @Override
    public int hashCode() {
        return chosenVersion * 31 + Arrays.hashCode(availableVersions);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VersionInformation[chosen=0x").append(Integer.toHexString(chosenVersion))
                .append(", available=");
        for (int i = 0; i < availableVersions.length; i++) {
            sb.append(i == 0 ? "0x" : ",0x").append(Integer.toHexString(availableVersions[i]));
        }
        return sb.append(']').toString();
    }
}
