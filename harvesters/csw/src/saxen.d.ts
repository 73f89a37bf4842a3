/** The part of saxen's API the tree builder uses (the package ships no types). */
declare module 'saxen' {
  type Handlers = {
    openTag: (qname: string, getAttrs: () => Record<string, string>, decode: (s: string) => string, selfClosing: boolean) => void;
    closeTag: (qname: string) => void;
    text: (raw: string) => void;
    cdata: (raw: string) => void;
    attention: (raw: string) => void;
    comment: (raw: string) => void;
    question: (raw: string) => void;
    error: (error: Error) => void;
    warn: (error: Error) => void;
  };

  export class Parser {
    on<K extends keyof Handlers>(event: K, handler: Handlers[K]): this;
    /** Parses a whole document; returns the error reported to an `error` handler that did not throw. */
    parse(xml: string): Error | null;
  }
}
