package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Small edits of response bodies: set a field of the JSON object or XML item that carries a given id. */
final class WireEdit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireEdit() {}

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every JSON object (at any depth) whose {@code idField} is a text value, with that value. */
    static void eachObject(JsonNode node, String idField, BiConsumer<ObjectNode, String> action) {
        if (node == null) return;
        if (node.isObject()) {
            JsonNode id = node.get(idField);
            if (id != null && id.isString()) action.accept((ObjectNode) node, id.asString());
            node.forEach(child -> eachObject(child, idField, action));
        } else if (node.isArray()) {
            node.forEach(child -> eachObject(child, idField, action));
        }
    }

    static Document xml(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            return null;
        }
    }

    static byte[] bytes(Document doc) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "no");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Elements named {@code idTag} anywhere in the document, as (their parent item, the id). */
    static void eachItem(Document doc, String idTag, BiConsumer<Element, String> action) {
        NodeList ids = doc.getElementsByTagName(idTag);
        List<Node> snapshot = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) snapshot.add(ids.item(i));
        for (Node id : snapshot) {
            if (id.getParentNode() instanceof Element parent) action.accept(parent, id.getTextContent().trim());
        }
    }

    /** Sets the text of the direct child {@code tag} of {@code parent}, if it has one. */
    static void setChild(Element parent, String tag, String value) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                e.setTextContent(value);
                return;
            }
        }
    }

    static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        }
        return null;
    }

    static String text(Document doc, String tag) {
        NodeList l = doc.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }
}
