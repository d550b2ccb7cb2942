import { XMLParser } from 'fast-xml-parser';

// vim25 SOAP in and out, by hand: no maintained npm vim25 client exists. Requests are built
// from escaped strings; replies are parsed with entities off (a DOCTYPE is refused outright,
// so an entity bomb is never expanded) and every element read as a list, so one VM and a
// thousand look the same to the code that walks them.

/** A parsed element: child elements by name (always lists), `@name` attributes, `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

/** A managed object reference, e.g. `{ type: 'HostSystem', value: 'host-22' }`. */
export interface MoRef {
  readonly type: string;
  readonly value: string;
}

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // Namespace prefixes are kept: vcsim writes xsi:type as `XMLSchema-instance:type` next
  // to a moref's own `type`, and stripping prefixes would merge the two.
  removeNSPrefix: false,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Escapes text for an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name type="T">value</name>` for a moref argument. */
export function moRefXml(name: string, ref: MoRef): string {
  return `<${name} type="${xmlEscape(ref.type)}">${xmlEscape(ref.value)}</${name}>`;
}

/** `<name>text</name>`, escaped. */
export function el(name: string, text: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(text))}</${name}>`;
}

export function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

/** What a reply held: the method's response element, or a SOAP fault. */
export type SoapReply =
  | { readonly ok: true; readonly response: XmlNode }
  | { readonly ok: false; readonly fault: SoapFault }
  | { readonly ok: false; readonly unreadable: string };

export interface SoapFault {
  /** `faultstring` as the server wrote it. */
  readonly message: string;
  /** The vim25 fault type from `detail` (`InvalidLogin`, `NotAuthenticated` …), if any. */
  readonly type?: string;
}

/** Parses a SOAP reply to `method`. Pure: text in, value out. */
export function parseSoapReply(text: string, method: string): SoapReply {
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) {
    return { ok: false, unreadable: 'the reply declares a DOCTYPE (refused)' };
  }
  let doc: XmlNode;
  try {
    doc = PARSER.parse(text) as XmlNode;
  } catch (error) {
    return { ok: false, unreadable: `malformed XML (${(error as Error).message.slice(0, 200)})` };
  }
  const body = child(child(doc, 'Envelope', true), 'Body', true);
  if (body === undefined) return { ok: false, unreadable: 'no SOAP Envelope/Body in the reply' };
  const fault = child(body, 'Fault', true);
  if (fault !== undefined) {
    const detail = child(fault, 'detail');
    const first = detail === undefined ? undefined : elementNames(detail)[0];
    const type = first === undefined ? undefined : (xsiType(child(detail, first)) ?? first);
    return {
      ok: false,
      fault: {
        message: text1(child(fault, 'faultstring')) ?? 'no faultstring',
        ...(type !== undefined ? { type: type.replace(/Fault$/, '') } : {}),
      },
    };
  }
  const response = child(body, `${method}Response`);
  if (response === undefined) {
    return { ok: false, unreadable: `no ${method}Response element in the reply` };
  }
  return { ok: true, response };
}

/** Names of the child elements of a node (attributes and text left out). */
export function elementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text');
}

/**
 * Child elements named `name` (without namespace prefix when `anyPrefix`), as nodes: a text
 * leaf becomes `{ '#text': … }` so callers see one shape.
 */
export function children(node: XmlNode | undefined, name: string, anyPrefix = false): XmlNode[] {
  if (node === undefined) return [];
  const key = anyPrefix
    ? Object.keys(node).find((k) => k === name || k.endsWith(`:${name}`))
    : name;
  const raw = key === undefined ? undefined : node[key];
  if (!Array.isArray(raw)) return [];
  return raw.map((item: unknown) =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': String(item) },
  );
}

export function child(
  node: XmlNode | undefined,
  name: string,
  anyPrefix = false,
): XmlNode | undefined {
  return children(node, name, anyPrefix)[0];
}

/** A node's text, entities decoded; undefined for no node. An empty element gives ''. */
export function text1(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const raw = node['#text'];
  return typeof raw === 'string' ? decodeEntities(raw) : '';
}

/** Text of the first child `name`. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return text1(child(node, name));
}

/** The `xsi:type` of an element (whatever prefix the server bound the XSI namespace to). */
export function xsiType(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const key = Object.keys(node).find((k) => k.startsWith('@') && k.endsWith(':type'));
  const raw = key === undefined ? undefined : node[key];
  return typeof raw === 'string' ? raw.replace(/^xsd:/, '') : undefined;
}

/** A moref element (`<x type="T">value</x>`), undefined when it is not one. */
export function moRef(node: XmlNode | undefined): MoRef | undefined {
  if (node === undefined) return undefined;
  const type = node['@type'];
  const value = text1(node)?.trim();
  return typeof type === 'string' && value ? { type: decodeEntities(type), value } : undefined;
}

/** The five XML entities and character references; any other `&name;` is kept as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, name: string) => {
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = name.startsWith('#x')
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
    }
  });
}
