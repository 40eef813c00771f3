/**
 * One imported department profile, without anything secret: the department, its destinations and key ids,
 * the seal certificate (subject, valid until), where records and archives go, and the sign-in settings.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ProfileSummary,
  ProfileTargetSummary,
  WorkstationProfileSummary,
} from '../../../main/api/contract';
import { formatDate, formatDateTime } from '../../../shared/forms/format';
import { localeFor } from '../i18n';

function TargetText({ target }: { target: ProfileTargetSummary }) {
  const { t } = useTranslation();
  const where =
    target.kind === 'hotFolder' ? target.path : target.kind === 'http' ? target.url : target.destinationId;
  return (
    <>
      {t(`profile.targetKinds.${target.kind}`)}: <span className="mono">{where}</span>
    </>
  );
}

/** What a single workstation's profile sets up here: destinations, seal, targets, services. */
function WorkstationFacts({ profile }: { profile: WorkstationProfileSummary }) {
  const { t, i18n } = useTranslation();
  const locale = localeFor(i18n.language);
  return (
    <>
      <dt>{t('profile.authority')}</dt>
      <dd>{profile.authorityName}</dd>
      <dt>{t('profile.destinations')}</dt>
      <dd>
        <ul className="plain-list" data-testid="profile-destinations">
          {profile.destinations.map((destination) => (
            <li key={destination.destinationId}>
              {destination.name} <span className="mono muted">{destination.destinationId}</span>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('profile.seal')}</dt>
      <dd data-testid="profile-seal">
        {t('profile.sealText', {
          subject: profile.seal.subject,
          validTo: formatDate(profile.seal.validTo, { locale }),
        })}
      </dd>
      <dt>{t('profile.handover')}</dt>
      <dd>
        <TargetText target={profile.handover} />
      </dd>
      <dt>{t('profile.archive')}</dt>
      <dd>
        <TargetText target={profile.archive} />
      </dd>
      <dt>{t('profile.services')}</dt>
      <dd>{profile.services.map((service) => service.name).join(', ')}</dd>
    </>
  );
}

export function ProfileSummaryView({
  profile,
  headingLevel = 3,
}: {
  profile: ProfileSummary;
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation();
  const locale = localeFor(i18n.language);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = useId();
  return (
    <section
      className="profile-summary"
      aria-labelledby={headingId}
      data-testid="profile-summary"
      data-department={profile.departmentId}
    >
      <Heading id={headingId}>
        {profile.departmentName}
        {profile.demo && <span className="badge badge-demo">{t('app.demo')}</span>}
      </Heading>
      <dl className="facts">
        {profile.mode === 'department' ? (
          <>
            <dt>{t('profile.departmentService')}</dt>
            <dd className="mono" data-testid="profile-department-service">
              {profile.serviceUrl}
            </dd>
          </>
        ) : (
          <WorkstationFacts profile={profile} />
        )}
        <dt>{t('profile.identityProvider')}</dt>
        <dd className="mono">{profile.issuer}</dd>
        <dt>{t('profile.idleMinutes')}</dt>
        <dd data-testid="profile-idle-minutes">{t('profile.minutes', { count: profile.idleMinutes })}</dd>
        <dt>{t('profile.importedAt')}</dt>
        <dd>{formatDateTime(profile.importedAt, { locale })}</dd>
      </dl>
    </section>
  );
}
