import type { VsphereSession } from './vsphere-session';
import {
  child,
  childText,
  children,
  el,
  moRef,
  moRefXml,
  text1,
  type MoRef,
  type XmlNode,
} from './soap-xml';

/** One managed object's retrieved properties: property path → its `<val>` element. */
export interface ObjectContent {
  readonly ref: MoRef;
  readonly props: ReadonlyMap<string, XmlNode>;
}

/** Which properties to read for which managed object type. */
export type PropertySpecs = Readonly<Record<string, readonly string[]>>;

export interface RetrieveOptions {
  /** Objects per page (RetrieveOptions.maxObjects), clamped to 1..1000. Default 1000. */
  readonly pageSize?: number;
  /** Bound on the pages read (a server that never stops handing out tokens). Default 1000. */
  readonly maxPages?: number;
}

/**
 * Reads `specs` for every object of those types under the root folder, through a recursive
 * ContainerView (destroyed afterwards) and RetrievePropertiesEx / ContinueRetrievePropertiesEx
 * pages of at most 1,000 objects.
 */
export async function retrieveInventory(
  session: VsphereSession,
  specs: PropertySpecs,
  options: RetrieveOptions = {},
): Promise<ObjectContent[]> {
  const { client, content } = session;
  const types = Object.keys(specs);
  const created = await client.call(
    'CreateContainerView',
    `<CreateContainerView xmlns="urn:vim25">${moRefXml('_this', content.viewManager)}${moRefXml('container', content.rootFolder)}${types.map((t) => el('type', t)).join('')}<recursive>true</recursive></CreateContainerView>`,
  );
  const view = moRef(child(created, 'returnval'));
  if (view === undefined) throw client.fail('protocol', 'CreateContainerView returned no view');
  try {
    const objectSet =
      `<objectSet>${moRefXml('obj', view)}<skip>true</skip>` +
      '<selectSet xsi:type="TraversalSpec"><name>view</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet>' +
      '</objectSet>';
    return await retrievePages(session, propSetXml(specs) + objectSet, options);
  } finally {
    await client
      .call(
        'DestroyView',
        `<DestroyView xmlns="urn:vim25">${moRefXml('_this', view)}</DestroyView>`,
      )
      .catch(() => undefined);
  }
}

/** Reads `paths` of one object (e.g. the PerformanceManager's `perfCounter`). */
export async function retrieveOne(
  session: VsphereSession,
  ref: MoRef,
  paths: readonly string[],
): Promise<ObjectContent | undefined> {
  const found = await retrievePages(
    session,
    propSetXml({ [ref.type]: paths }) +
      `<objectSet>${moRefXml('obj', ref)}<skip>false</skip></objectSet>`,
    { pageSize: 1 },
  );
  return found[0];
}

function propSetXml(specs: PropertySpecs): string {
  return Object.entries(specs)
    .map(
      ([type, paths]) =>
        `<propSet>${el('type', type)}${paths.map((p) => el('pathSet', p)).join('')}</propSet>`,
    )
    .join('');
}

async function retrievePages(
  session: VsphereSession,
  specSet: string,
  options: RetrieveOptions,
): Promise<ObjectContent[]> {
  const { client, content } = session;
  const pageSize = Math.max(1, Math.min(1000, Math.floor(options.pageSize ?? 1000)));
  const maxPages = options.maxPages ?? 1000;
  const collector = moRefXml('_this', content.propertyCollector);
  const objects: ObjectContent[] = [];
  let response = await client.call(
    'RetrievePropertiesEx',
    `<RetrievePropertiesEx xmlns="urn:vim25">${collector}<specSet>${specSet}</specSet><options>${el('maxObjects', pageSize)}</options></RetrievePropertiesEx>`,
  );
  for (let page = 1; ; page++) {
    const result = child(response, 'returnval');
    for (const object of children(result, 'objects')) objects.push(objectContent(object));
    const token = childText(result, 'token');
    if (token === undefined || token === '') return objects;
    if (page >= maxPages) {
      await client
        .call(
          'CancelRetrievePropertiesEx',
          `<CancelRetrievePropertiesEx xmlns="urn:vim25">${collector}${el('token', token)}</CancelRetrievePropertiesEx>`,
        )
        .catch(() => undefined);
      throw client.fail(
        'protocol',
        `inventory larger than ${maxPages} pages of ${pageSize} objects (refused)`,
      );
    }
    response = await client.call(
      'ContinueRetrievePropertiesEx',
      `<ContinueRetrievePropertiesEx xmlns="urn:vim25">${collector}${el('token', token)}</ContinueRetrievePropertiesEx>`,
    );
  }
}

/** One `<objects>` element (ObjectContent) of a RetrievePropertiesEx reply. */
export function objectContent(node: XmlNode): ObjectContent {
  const ref = moRef(child(node, 'obj')) ?? {
    type: 'unknown',
    value: text1(child(node, 'obj')) ?? '',
  };
  const props = new Map<string, XmlNode>();
  for (const prop of children(node, 'propSet')) {
    const name = childText(prop, 'name');
    const val = child(prop, 'val');
    if (name !== undefined && val !== undefined) props.set(name, val);
  }
  return { ref, props };
}
