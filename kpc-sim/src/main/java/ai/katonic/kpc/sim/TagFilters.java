package ai.katonic.kpc.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * EC2's {@code tag:<key>} and {@code tag-key} filters applied to every Describe answer, as AWS
 * applies them: moto ignores them on some describes (DescribeNatGateways at least), which let one
 * cluster adopt another's NAT gateway. Items that carry a {@code tagSet} and do not match every
 * tag filter of the request are removed from the answer (a reservation left without instances
 * goes too); answers moto already filtered pass unchanged.
 */
public final class TagFilters implements Behaviour {

    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!call.service().equals("ec2") || !call.action().startsWith("Describe") || !reply.ok()) return reply;
        Map<String, List<Pattern>> byTag = new LinkedHashMap<>();
        List<Pattern> keys = new ArrayList<>();
        for (int i = 1; call.params().containsKey("Filter." + i + ".Name"); i++) {
            String name = call.params().get("Filter." + i + ".Name");
            List<Pattern> values = new ArrayList<>();
            for (int j = 1; call.params().containsKey("Filter." + i + ".Value." + j); j++) {
                values.add(glob(call.params().get("Filter." + i + ".Value." + j)));
            }
            if (name.startsWith("tag:")) byTag.put(name.substring(4), values);
            else if (name.equals("tag-key")) keys.addAll(values);
        }
        if (byTag.isEmpty() && keys.isEmpty()) return reply;
        Document doc = WireEdit.xml(reply.body());
        if (doc == null) return reply;
        List<Element> drop = new ArrayList<>();
        var items = doc.getElementsByTagName("item");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            Element tagSet = WireEdit.child(item, "tagSet");
            if (tagSet == null || "tagSet".equals(item.getParentNode().getNodeName())) continue;
            Map<String, String> tags = tags(tagSet);
            boolean ok = byTag.entrySet().stream().allMatch(f -> tags.containsKey(f.getKey())
                    && f.getValue().stream().anyMatch(p -> p.matcher(tags.get(f.getKey())).matches()))
                    && keys.stream().allMatch(k -> tags.keySet().stream().anyMatch(t -> k.matcher(t).matches()));
            if (!ok) drop.add(item);
        }
        if (drop.isEmpty()) return reply;
        for (Element item : drop) {
            Node set = item.getParentNode();
            set.removeChild(item);
            // DescribeInstances: a reservation none of whose instances match is not in the answer either.
            if ("instancesSet".equals(set.getNodeName()) && WireEdit.child((Element) set, "item") == null
                    && set.getParentNode() instanceof Element reservation && reservation.getParentNode() != null) {
                reservation.getParentNode().removeChild(reservation);
            }
        }
        return reply.withBody(WireEdit.bytes(doc));
    }

    private static Map<String, String> tags(Element tagSet) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n = tagSet.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element t && t.getNodeName().equals("item")) {
                Element k = WireEdit.child(t, "key");
                Element v = WireEdit.child(t, "value");
                if (k != null) out.put(k.getTextContent(), v == null ? "" : v.getTextContent());
            }
        }
        return out;
    }

    /** EC2 filter values: '*' any run of characters, '?' one character. */
    private static Pattern glob(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*') sb.append(".*");
            else if (c == '?') sb.append('.');
            else sb.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }
}
