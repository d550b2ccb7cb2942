import { children, decodeEntities, el, moRef, parseSoapReply, text1, xsiType } from './soap-xml';

const reply = (body: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>' +
  body +
  '</soapenv:Body></soapenv:Envelope>';

describe('parseSoapReply', () => {
  it('returns the response element with every child as a list', () => {
    const parsed = parseSoapReply(
      reply(
        '<LoginResponse xmlns="urn:vim25"><returnval><key>k1</key><userName>u</userName></returnval></LoginResponse>',
      ),
      'Login',
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [value] = children(parsed.response, 'returnval');
    expect(text1(children(value, 'key')[0])).toBe('k1');
  });

  it('reads a fault with its vim25 type', () => {
    const parsed = parseSoapReply(
      reply(
        '<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Login failure</faultstring>' +
          '<detail><InvalidLoginFault xmlns="urn:vim25" xsi:type="InvalidLogin"></InvalidLoginFault></detail></soapenv:Fault>',
      ),
      'Login',
    );
    expect(parsed).toEqual({
      ok: false,
      fault: { message: 'Login failure', type: 'InvalidLogin' },
    });
  });

  it('refuses a DOCTYPE, so declared entities are never expanded', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><XResponse>&lol2;</XResponse></soapenv:Body></soapenv:Envelope>';
    expect(parseSoapReply(bomb, 'X')).toEqual({
      ok: false,
      unreadable: 'the reply declares a DOCTYPE (refused)',
    });
  });

  it('says what is missing in a reply that is not SOAP', () => {
    expect(parseSoapReply('<html><body>Not here</body></html>', 'Login')).toEqual({
      ok: false,
      unreadable: 'no SOAP Envelope/Body in the reply',
    });
    expect(parseSoapReply(reply('<OtherResponse/>'), 'Login')).toEqual({
      ok: false,
      unreadable: 'no LoginResponse element in the reply',
    });
  });

  it('keeps xsi:type apart from a moref type, whatever the XSI prefix', () => {
    const parsed = parseSoapReply(
      reply(
        '<XResponse><val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" ' +
          'XMLSchema-instance:type="ManagedObjectReference" type="HostSystem">host-22</val></XResponse>',
      ),
      'X',
    );
    if (!parsed.ok) throw new Error('expected a response');
    const [val] = children(parsed.response, 'val');
    expect(xsiType(val)).toBe('ManagedObjectReference');
    expect(moRef(val)).toEqual({ type: 'HostSystem', value: 'host-22' });
  });
});

describe('decodeEntities and el', () => {
  it('decodes the five XML entities and character references only', () => {
    expect(
      decodeEntities('R&amp;D &lt;ops&gt; &quot;x&quot; &apos;y&apos; &#65;&#x42; &custom;'),
    ).toBe('R&D <ops> "x" \'y\' AB &custom;');
  });

  it('escapes what it writes, so a password cannot break the envelope', () => {
    expect(el('password', 'a<b>&"\'')).toBe('<password>a&lt;b&gt;&amp;&quot;&apos;</password>');
  });
});
