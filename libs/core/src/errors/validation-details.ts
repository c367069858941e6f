import type { ValidationError } from 'class-validator';
import { ErrorDetail, ValidationFailed } from './domain-error';

/** Flattens class-validator's tree into `{field: 'a.b[0].c', issue}` rows a person can read. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      issue: message.replace(new RegExp(`^(property )?${escape(error.property)} `), ''),
    }));
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

export function validationFailed(errors: ValidationError[]): ValidationFailed {
  const details = validationDetails(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  return new ValidationFailed(`The request is not valid: check ${fields.join(', ')}`, details);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
