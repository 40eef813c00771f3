import {
  PDFArray,
  type PDFContext,
  PDFDict,
  type PDFDocument,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  PDFRef,
} from '@cantoo/pdf-lib';

/**
 * The standard structure types (ISO 32000-1, 14.8.4) the letters use; being standard, they need no
 * role map, which PDF/UA-1 and PDF/A-2a would otherwise require.
 */
export type StructureType =
  | 'Document'
  | 'H1'
  | 'H2'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD';

/**
 * What drawn content belongs to: an element of the structure tree, or an artifact. Every drawing goes
 * through one, because PDF/UA-1 allows no content that is neither.
 */
export interface ContentTag {
  /** Wraps whatever `draw` puts on the page into one marked-content sequence. */
  mark(page: PDFPage, draw: () => void): void;
}

interface MarkedContent {
  readonly page: PDFPage;
  readonly mcid: number;
}

function beginMarkedContent(tag: string, properties: string): PDFOperator {
  return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(tag), properties]);
}

const endMarkedContent = PDFOperator.of(PDFOperatorNames.EndMarkedContent);

/** Content a reader skips: the letterhead, folding marks, the running footer. */
export type ArtifactKind = 'letterhead' | 'footer' | 'printMarks';

const artifactProperties: Record<ArtifactKind, string> = {
  letterhead: '<</Type /Pagination /Subtype /Header>>',
  footer: '<</Type /Pagination /Subtype /Footer>>',
  printMarks: '<</Type /Page>>',
};

export function artifact(kind: ArtifactKind): ContentTag {
  return {
    mark(page, draw) {
      page.pushOperators(beginMarkedContent('Artifact', artifactProperties[kind]));
      draw();
      page.pushOperators(endMarkedContent);
    },
  };
}

/** A node of the structure tree; its marked content and child elements stay in the order they are added. */
export class StructureElement implements ContentTag {
  private readonly kids: (StructureElement | MarkedContent)[] = [];

  constructor(
    private readonly tree: StructureTree,
    readonly type: StructureType,
  ) {}

  add(type: StructureType): StructureElement {
    const child = new StructureElement(this.tree, type);
    this.kids.push(child);
    return child;
  }

  mark(page: PDFPage, draw: () => void): void {
    const mcid = this.tree.claim(page, this);
    this.kids.push({ page, mcid });
    page.pushOperators(beginMarkedContent(this.type, `<</MCID ${mcid}>>`));
    draw();
    page.pushOperators(endMarkedContent);
  }

  /** Registers this element and its descendants; returns its reference. */
  write(context: PDFContext, parent: PDFRef, refs: Map<StructureElement, PDFRef>): PDFRef {
    const ref = context.nextRef();
    refs.set(this, ref);
    const first = this.kids.find((kid): kid is MarkedContent => !(kid instanceof StructureElement));
    const kids = this.kids.map((kid) => {
      if (kid instanceof StructureElement) return kid.write(context, ref, refs);
      // A bare MCID refers to the element's /Pg; content on another page names its page.
      if (kid.page === first?.page) return PDFNumber.of(kid.mcid);
      return context.obj({ Type: 'MCR', Pg: kid.page.ref, MCID: kid.mcid });
    });
    const element = context.obj({ Type: 'StructElem', S: this.type, P: parent, K: kids });
    if (first) element.set(PDFName.of('Pg'), first.page.ref);
    // PDF/UA-1 (7.5) wants every header cell's scope; here each row's label heads its value.
    if (this.type === 'TH') element.set(PDFName.of('A'), context.obj({ O: 'Table', Scope: 'Row' }));
    context.assign(ref, element);
    return ref;
  }
}

/**
 * The logical structure of one document (ISO 32000-1, 14.7): a Document element whose descendants, in the
 * order added, are the reading order, and the marked-content identifiers (MCIDs) that tie drawn content to
 * them. `write` adds the StructTreeRoot with its ParentTree, MarkInfo and each page's StructParents.
 */
export class StructureTree {
  readonly root = new StructureElement(this, 'Document');
  private readonly owners = new Map<PDFPage, StructureElement[]>();

  /** The next MCID on `page`, owned by `element`. */
  claim(page: PDFPage, element: StructureElement): number {
    const owners = this.owners.get(page) ?? [];
    this.owners.set(page, owners);
    return owners.push(element) - 1;
  }

  write(doc: PDFDocument): void {
    const context = doc.context;
    const rootRef = context.nextRef();
    const refs = new Map<StructureElement, PDFRef>();
    const documentRef = this.root.write(context, rootRef, refs);
    const nums = PDFArray.withContext(context);
    doc.getPages().forEach((page, index) => {
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(index));
      const owners = (this.owners.get(page) ?? []).map((owner) => refs.get(owner) as PDFRef);
      nums.push(PDFNumber.of(index));
      nums.push(context.obj(owners));
    });
    context.assign(
      rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: documentRef,
        ParentTree: context.obj({ Nums: nums }),
        ParentTreeNextKey: doc.getPageCount(),
      }),
    );
    doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  }
}

/**
 * Tags an annotation already on `page` of a tagged document, as PDF/UA-1 (7.18.1) requires: a structure
 * element at the end of the reading order whose content is the annotation (an OBJR), its ParentTree
 * entry, and tab order by structure on the page. Untagged documents are left as they are.
 */
export function addAnnotationToStructure(
  doc: PDFDocument,
  page: PDFPage,
  annotation: PDFRef,
  type: 'Form' | 'Annot',
): void {
  const context = doc.context;
  const tree = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const documentRef = tree?.get(PDFName.of('K'));
  const documentElement = context.lookupMaybe(documentRef, PDFDict);
  const nums = tree
    ?.lookupMaybe(PDFName.of('ParentTree'), PDFDict)
    ?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  const nextKey = tree?.lookupMaybe(PDFName.of('ParentTreeNextKey'), PDFNumber);
  const annotationDict = context.lookupMaybe(annotation, PDFDict);
  if (!tree || !(documentRef instanceof PDFRef) || !documentElement || !nums || !nextKey || !annotationDict)
    return;

  const key = nextKey.asNumber();
  const element = context.register(
    context.obj({
      Type: 'StructElem',
      S: type,
      P: documentRef,
      Pg: page.ref,
      K: context.obj({ Type: 'OBJR', Obj: annotation, Pg: page.ref }),
    }),
  );
  const kids = documentElement.lookupMaybe(PDFName.of('K'), PDFArray);
  if (kids) kids.push(element);
  else documentElement.set(PDFName.of('K'), context.obj([element]));
  annotationDict.set(PDFName.of('StructParent'), PDFNumber.of(key));
  nums.push(PDFNumber.of(key));
  nums.push(element);
  tree.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key + 1));
  page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
}
