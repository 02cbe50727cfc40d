/** Numbers of the person's contacts (the address book leaving the device), in E.164. */
import type { IdentifierKind } from './kind';
import { phoneCheck, phoneSpelled } from './phone';

export const contactPhone: IdentifierKind<'contact_phone', 'contacts'> = {
  type: 'contact_phone', label: 'Contact number', one: "1 contact's number", many: (n) => `${n} contacts' numbers`, weight: 8,
  // A number found by its shape is a phone number; one of the profile's contacts is called a contact.
  shapeOf: 'phone',
  profile: { key: 'contacts', label: "Contacts' phone numbers", hint: 'one per line', position: 5, check: phoneCheck, usesPhoneLib: true },
  expand: phoneSpelled,
};
