/**
 * Where a JSON text is malformed, computed here rather than read from `JSON.parse`'s message: the engines word that
 * message differently (Node 20 often gives no position at all: `Unexpected token '}', "{"a":}" is not valid JSON`), so
 * line and column must not depend on it. Only run after `JSON.parse` has failed; iterative (an explicit stack of open
 * containers), so a 100,000-deep nesting cannot overflow the call stack.
 */

export interface JsonSyntaxProblem {
  /** 0-based offset of the offending character (the text's length for an early end). */
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const n = text.length;
  const fail = (reason: string, at = i): JsonSyntaxProblem => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { offset: at, line, column: at - before.lastIndexOf('\n'), reason };
  };
  const skip = () => {
    while (i < n && WHITESPACE.has(text[i]!)) i++;
  };
  const found = () => (i >= n ? 'the end of the text' : `${JSON.stringify(text[i])}`);

  /** Reads one scalar at i; returns a problem or undefined. */
  const scalar = (): JsonSyntaxProblem | undefined => {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        const ch = text.charCodeAt(i);
        if (ch < 0x20) return fail('a control character inside a string (escape it)');
        if (text[i] === '\\') {
          const e = text[i + 1];
          if (e === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail('a \\u escape with 4 hex digits', i);
            i += 6;
            continue;
          }
          if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail('a valid escape sequence', i);
          i += 2;
          continue;
        }
        i++;
      }
      if (i >= n) return fail('a closing quote before the end of the text');
      i++;
      return undefined;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0].length > 0 && (c === '-' || (c !== undefined && c >= '0' && c <= '9'))) {
      i += number[0].length;
      return undefined;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    return fail(`a value (object, array, string, number, true, false or null), found ${found()}`);
  };

  // The stack holds the open containers: '{' or '['.
  const stack: string[] = [];
  skip();
  for (;;) {
    // Expect a value.
    skip();
    if (text[i] === '{') {
      i++;
      skip();
      if (text[i] === '}') {
        i++;
      } else {
        stack.push('{');
        if (text[i] !== '"') return fail(`a property name in double quotes, found ${found()}`);
        const key = scalar();
        if (key) return key;
        skip();
        if (text[i] !== ':') return fail(`':' after the property name, found ${found()}`);
        i++;
        continue;
      }
    } else if (text[i] === '[') {
      i++;
      skip();
      if (text[i] === ']') {
        i++;
      } else {
        stack.push('[');
        continue;
      }
    } else {
      const problem = scalar();
      if (problem) return problem;
    }
    // After a value: a separator or the end of containers.
    for (;;) {
      skip();
      const top = stack.at(-1);
      if (top === undefined) {
        if (i < n) return fail(`the end of the text after the value, found ${found()}`);
        return undefined;
      }
      if (text[i] === ',') {
        i++;
        skip();
        if (top === '{') {
          if (text[i] !== '"') return fail(`a property name in double quotes, found ${found()}`);
          const key = scalar();
          if (key) return key;
          skip();
          if (text[i] !== ':') return fail(`':' after the property name, found ${found()}`);
          i++;
        }
        break;
      }
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      return fail(`',' or '${close}', found ${found()}`);
    }
  }
}
