package org.ichcds.intake;

import org.ichcds.analysis.AnalysisService;
import org.ichcds.analysis.DicomWebAccess;
import org.ichcds.audit.AuditRecorder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Receiving studies, with a model to analyse them ({@code ichcds.inference.model-dir}). The spool, the study records
 * and the check for stable studies are always there (a study spooled before the receivers were switched off is still
 * analysed, and its files removed); the C-STORE receiver and the STOW-RS endpoint each only when switched on. Studies
 * are held within the same limits as fetched ones ({@code ichcds.dicomweb.limits.*}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ichcds.inference", name = "model-dir")
class IntakeConfig {

    @Bean
    StudySpool studySpool(IntakeProperties properties, DicomWebAccess dicomWeb) {
        return new StudySpool(properties.spoolDir(), properties.spoolMaxSize().toBytes(), dicomWeb.limits());
    }

    @Bean
    IntakeStudies intakeStudies(JdbcClient jdbc) {
        return new IntakeStudies(jdbc);
    }

    @Bean
    StudyIntake studyIntake(StudySpool spool, IntakeStudies studies, AuditRecorder audit) {
        return new StudyIntake(spool, studies, audit);
    }

    @Bean
    SpoolStudySource spoolStudySource(StudySpool spool, DicomWebAccess dicomWeb) {
        return new SpoolStudySource(spool, dicomWeb.limits());
    }

    @Bean
    StableStudies stableStudies(
            IntakeStudies studies,
            StudySpool spool,
            AnalysisService analyses,
            AuditRecorder audit,
            IntakeProperties properties) {
        return new StableStudies(studies, spool, analyses, audit, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "ichcds.intake.dimse.enabled", havingValue = "true")
    DimseReceiver dimseReceiver(IntakeProperties properties, StudyIntake intake) {
        return new DimseReceiver(properties.dimse(), intake);
    }
}
