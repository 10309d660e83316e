package io.mqttd.quic.tls.message;

import io.mqttd.quic.tls.TlsAlertException;
import io.mqttd.quic.tls.message.Extension.*;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Encodes and decodes extension blocks (RFC 8446 §4.2). The message that carries the block
 * (a {@link HandshakeType} value) selects the shape of context-dependent extensions and the
 * RFC 8446 §4.2 table of where each known extension may appear.
 */
public final class ExtensionCodec {
    private ExtensionCodec() {
    }

    /**
     * Decodes {@code Extension extensions<min..2^16-1>}.
     *
     * @throws TlsAlertException decode_error for malformed bytes; illegal_parameter for a
     *     duplicate (§4.2), a known extension in a message that may not carry it (§4.2), or a
     *     pre_shared_key that is not last in a ClientHello (§4.2.11)
     */
    public static List<Extension> decodeBlock(WireReader in, int minLength, int context) {
        WireReader block = in.vector(2, minLength, 0xffff);
        List<Extension> out = new ArrayList<>();
        // A BitSet grows only to the highest type seen: at most 8 KiB, whatever the peer sends.
        BitSet seen = new BitSet();
        while (block.hasRemaining()) {
            int type = block.u16();
            WireReader body = block.vector(2, 0, 0xffff);
            if (seen.get(type)) {
                throw TlsAlertException.illegalParameter("duplicate extension " + type);
            }
            seen.set(type);
            if (context == HandshakeType.CLIENT_HELLO && !out.isEmpty()
                    && out.get(out.size() - 1) instanceof PreSharedKeyClientHello) {
                throw TlsAlertException.illegalParameter("pre_shared_key is not the last extension");
            }
            out.add(decode(type, body, context));
        }
        return out;
    }

    static boolean allowedIn(int type, int context) {
        boolean ch = context == HandshakeType.CLIENT_HELLO;
        boolean sh = context == HandshakeType.SERVER_HELLO;
        boolean hrr = context == HandshakeType.HELLO_RETRY_REQUEST;
        boolean ee = context == HandshakeType.ENCRYPTED_EXTENSIONS;
        boolean cr = context == HandshakeType.CERTIFICATE_REQUEST;
        boolean nst = context == HandshakeType.NEW_SESSION_TICKET;
        return switch (type) {
            case ExtensionType.SERVER_NAME, ExtensionType.SUPPORTED_GROUPS,
                    ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    ExtensionType.QUIC_TRANSPORT_PARAMETERS -> ch || ee;
            case ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT -> ch || cr;
            case ExtensionType.PSK_KEY_EXCHANGE_MODES -> ch;
            case ExtensionType.PRE_SHARED_KEY -> ch || sh;
            case ExtensionType.EARLY_DATA -> ch || ee || nst;
            case ExtensionType.COOKIE -> ch || hrr;
            case ExtensionType.SUPPORTED_VERSIONS, ExtensionType.KEY_SHARE -> ch || sh || hrr;
            default -> true;
        };
    }

    private static boolean known(int type) {
        return switch (type) {
            case ExtensionType.SERVER_NAME, ExtensionType.SUPPORTED_GROUPS, ExtensionType.SIGNATURE_ALGORITHMS,
                    ExtensionType.SIGNATURE_ALGORITHMS_CERT, ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
                    ExtensionType.QUIC_TRANSPORT_PARAMETERS, ExtensionType.PSK_KEY_EXCHANGE_MODES,
                    ExtensionType.PRE_SHARED_KEY, ExtensionType.EARLY_DATA, ExtensionType.COOKIE,
                    ExtensionType.SUPPORTED_VERSIONS, ExtensionType.KEY_SHARE -> true;
            default -> false;
        };
    }

    private static Extension decode(int type, WireReader body, int context) {
        if (!known(type)) {
            return new Unknown(type, body.bytes(body.remaining()));
        }
        if (!allowedIn(type, context)) {
            throw TlsAlertException.illegalParameter("extension " + type + " not allowed in message " + context);
        }
        boolean ch = context == HandshakeType.CLIENT_HELLO;
        Extension e = switch (type) {
            case ExtensionType.SERVER_NAME -> ch ? serverName(body) : new ServerName(null);
            case ExtensionType.SUPPORTED_GROUPS -> new SupportedGroups(u16List(body.vector(2, 2, 0xffff)));
            case ExtensionType.SIGNATURE_ALGORITHMS -> new SignatureAlgorithms(u16List(body.vector(2, 2, 0xfffe)), false);
            case ExtensionType.SIGNATURE_ALGORITHMS_CERT -> new SignatureAlgorithms(u16List(body.vector(2, 2, 0xfffe)), true);
            case ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION -> alpn(body);
            case ExtensionType.QUIC_TRANSPORT_PARAMETERS -> new QuicTransportParameters(body.bytes(body.remaining()));
            case ExtensionType.PSK_KEY_EXCHANGE_MODES -> {
                WireReader v = body.vector(1, 1, 0xff);
                List<Integer> modes = new ArrayList<>();
                while (v.hasRemaining()) {
                    modes.add(v.u8());
                }
                yield new PskKeyExchangeModes(modes);
            }
            case ExtensionType.PRE_SHARED_KEY -> ch ? preSharedKey(body) : new PreSharedKeyServerHello(body.u16());
            case ExtensionType.EARLY_DATA ->
                    new EarlyData(context == HandshakeType.NEW_SESSION_TICKET ? body.u32() : -1);
            case ExtensionType.COOKIE -> new Cookie(body.opaque(2, 1, 0xffff));
            case ExtensionType.SUPPORTED_VERSIONS -> {
                if (!ch) {
                    yield new SelectedVersion(body.u16());
                }
                WireReader v = body.vector(1, 2, 254);
                if (v.remaining() % 2 != 0) {
                    throw TlsAlertException.decodeError("odd supported_versions length");
                }
                yield new SupportedVersions(u16List(v));
            }
            case ExtensionType.KEY_SHARE -> keyShare(body, context);
            default -> throw new IllegalStateException("unreachable: " + type);
        };
        body.expectEnd("extension " + type);
        return e;
    }

    private static List<Integer> u16List(WireReader v) {
        if (v.remaining() % 2 != 0) {
            throw TlsAlertException.decodeError("odd length of a uint16 list");
        }
        List<Integer> out = new ArrayList<>(v.remaining() / 2);
        while (v.hasRemaining()) {
            out.add(v.u16());
        }
        return out;
    }

    private static ServerName serverName(WireReader body) {
        WireReader list = body.vector(2, 1, 0xffff);
        String host = null;
        while (list.hasRemaining()) {
            int nameType = list.u8();
            byte[] name = list.opaque(2, 1, 0xffff);
            if (nameType == 0) {
                // RFC 6066 §3: at most one name of a given type.
                if (host != null) {
                    throw TlsAlertException.illegalParameter("two host_name entries in server_name");
                }
                host = new String(name, StandardCharsets.US_ASCII);
            }
        }
        if (host == null) {
            throw TlsAlertException.illegalParameter("server_name without host_name");
        }
        return new ServerName(host);
    }

    private static Alpn alpn(WireReader body) {
        WireReader list = body.vector(2, 2, 0xffff);
        List<String> names = new ArrayList<>();
        while (list.hasRemaining()) {
            names.add(new String(list.opaque(1, 1, 0xff), StandardCharsets.ISO_8859_1));
        }
        return new Alpn(names);
    }

    private static PreSharedKeyClientHello preSharedKey(WireReader body) {
        WireReader ids = body.vector(2, 7, 0xffff);
        List<PskIdentity> identities = new ArrayList<>();
        while (ids.hasRemaining()) {
            identities.add(new PskIdentity(ids.opaque(2, 1, 0xffff), ids.u32()));
        }
        WireReader bs = body.vector(2, 33, 0xffff);
        List<byte[]> binders = new ArrayList<>();
        while (bs.hasRemaining()) {
            binders.add(bs.opaque(1, 32, 255));
        }
        if (binders.size() != identities.size()) {
            // RFC 8446 §4.2.11: one binder per identity.
            throw TlsAlertException.illegalParameter("pre_shared_key has " + identities.size()
                    + " identities and " + binders.size() + " binders");
        }
        return new PreSharedKeyClientHello(identities, binders);
    }

    private static Extension keyShare(WireReader body, int context) {
        if (context == HandshakeType.HELLO_RETRY_REQUEST) {
            return new KeyShareHelloRetryRequest(body.u16());
        }
        if (context == HandshakeType.SERVER_HELLO) {
            return new KeyShareServerHello(new KeyShareEntry(body.u16(), body.opaque(2, 1, 0xffff)));
        }
        WireReader list = body.vector(2, 0, 0xffff);
        List<KeyShareEntry> shares = new ArrayList<>();
        BitSet groups = new BitSet();
        while (list.hasRemaining()) {
            KeyShareEntry entry = new KeyShareEntry(list.u16(), list.opaque(2, 1, 0xffff));
            // RFC 8446 §4.2.8: at most one share per group.
            if (groups.get(entry.group())) {
                throw TlsAlertException.illegalParameter("two key shares for group " + entry.group());
            }
            groups.set(entry.group());
            shares.add(entry);
        }
        return new KeyShareClientHello(shares);
    }

    /** Encodes {@code Extension extensions<..2^16-1>}. */
    public static void encodeBlock(WireWriter out, List<Extension> extensions) {
        int block = out.beginVector(2);
        for (Extension e : extensions) {
            out.u16(e.type());
            int body = out.beginVector(2);
            encodeBody(out, e);
            out.endVector(body, 2);
        }
        out.endVector(block, 2);
    }

    private static void encodeBody(WireWriter out, Extension e) {
        if (e instanceof ServerName s) {
            if (s.hostName() != null) {
                int list = out.beginVector(2);
                out.u8(0).opaque(2, s.hostName().getBytes(StandardCharsets.US_ASCII));
                out.endVector(list, 2);
            }
        } else if (e instanceof SupportedVersions v) {
            u16Vector(out, 1, v.versions());
        } else if (e instanceof SelectedVersion v) {
            out.u16(v.version());
        } else if (e instanceof SupportedGroups g) {
            u16Vector(out, 2, g.groups());
        } else if (e instanceof SignatureAlgorithms s) {
            u16Vector(out, 2, s.schemes());
        } else if (e instanceof KeyShareClientHello k) {
            int list = out.beginVector(2);
            for (KeyShareEntry entry : k.shares()) {
                out.u16(entry.group()).opaque(2, entry.keyExchange());
            }
            out.endVector(list, 2);
        } else if (e instanceof KeyShareServerHello k) {
            out.u16(k.share().group()).opaque(2, k.share().keyExchange());
        } else if (e instanceof KeyShareHelloRetryRequest k) {
            out.u16(k.selectedGroup());
        } else if (e instanceof Alpn a) {
            int list = out.beginVector(2);
            for (String p : a.protocols()) {
                out.opaque(1, p.getBytes(StandardCharsets.ISO_8859_1));
            }
            out.endVector(list, 2);
        } else if (e instanceof QuicTransportParameters q) {
            out.bytes(q.parameters());
        } else if (e instanceof PskKeyExchangeModes m) {
            int list = out.beginVector(1);
            for (int mode : m.modes()) {
                out.u8(mode);
            }
            out.endVector(list, 1);
        } else if (e instanceof PreSharedKeyClientHello p) {
            int ids = out.beginVector(2);
            for (PskIdentity id : p.identities()) {
                out.opaque(2, id.identity()).u32(id.obfuscatedTicketAge());
            }
            out.endVector(ids, 2);
            int bs = out.beginVector(2);
            for (byte[] binder : p.binders()) {
                out.opaque(1, binder);
            }
            out.endVector(bs, 2);
        } else if (e instanceof PreSharedKeyServerHello p) {
            out.u16(p.selectedIdentity());
        } else if (e instanceof EarlyData d) {
            if (d.maxEarlyDataSize() >= 0) {
                out.u32(d.maxEarlyDataSize());
            }
        } else if (e instanceof Cookie c) {
            out.opaque(2, c.cookie());
        } else if (e instanceof Unknown u) {
            out.bytes(u.data());
        }
    }

    private static void u16Vector(WireWriter out, int lengthBytes, List<Integer> values) {
        int mark = out.beginVector(lengthBytes);
        for (int v : values) {
            out.u16(v);
        }
        out.endVector(mark, lengthBytes);
    }

    /** The extension with this wire type, or null. */
    public static Extension findType(List<Extension> extensions, int type) {
        for (Extension e : extensions) {
            if (e.type() == type) {
                return e;
            }
        }
        return null;
    }

    /** The first extension of a class, or null. */
    public static <T extends Extension> T find(List<Extension> extensions, Class<T> type) {
        for (Extension e : extensions) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }
}
