package ai.katonic.kpc.config;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** IPv4 CIDR parsing with the messages a network engineer expects. */
final class Cidrs {
    private Cidrs() {}

    /** The network of an IPv4 CIDR, or null after reporting why it is not one. */
    static IPAddress parse(Diagnostics d, String path, String text) {
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null || !a.isIPv4() || !a.isPrefixed()) {
            d.error(path, "'" + text + "' is not an IPv4 CIDR block (like 10.0.0.0/21)");
            return null;
        }
        IPAddress net = a.toPrefixBlock();
        if (!a.getLower().withoutPrefixLength().equals(net.getLower().withoutPrefixLength())) {
            d.error(path, "'" + text + "' has host bits set; the network is " + net.toCanonicalString());
            return null;
        }
        return net;
    }
}
