/** A parse or execution error; `message` is exactly the text Go's error would print. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
