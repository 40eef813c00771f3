/** The letterhead part of a department profile, in the shape notices print. */
import type { DepartmentInfo } from '../../profile/types';
import type { NoticeProfile } from '../merge-fields';

export function noticeProfileOf(department: DepartmentInfo): NoticeProfile {
  const { address, contact, bank } = department;
  return {
    authorityName: department.authorityName,
    departmentName: department.name,
    street: address.street,
    postalCode: address.postalCode,
    city: address.city,
    ...(contact.name === undefined ? {} : { contactName: contact.name }),
    ...(contact.phone === undefined ? {} : { phone: contact.phone }),
    ...(contact.email === undefined ? {} : { email: contact.email }),
    ...(contact.openingHours === undefined ? {} : { openingHours: contact.openingHours }),
    ...(bank === undefined ? {} : { bankName: bank.name, iban: bank.iban }),
    ...(bank?.bic === undefined ? {} : { bic: bank.bic }),
    legalRemedy: department.legalRemedy,
  };
}
