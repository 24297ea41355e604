-- db-scheduler's executions (one row per analysis to run: picked, heartbeat, version, failures), the table of
-- db-scheduler 16.7.1 in types both H2 and PostgreSQL accept. analysis_job stays the status the hooks read; this table
-- only carries execution. V5 is left to the audit trail.
CREATE TABLE scheduled_tasks (
    task_name             VARCHAR(100)              NOT NULL,
    task_instance         VARCHAR(100)              NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMP WITH TIME ZONE  NOT NULL,
    picked                BOOLEAN                   NOT NULL,
    picked_by             VARCHAR(50),
    last_success          TIMESTAMP WITH TIME ZONE,
    last_failure          TIMESTAMP WITH TIME ZONE,
    consecutive_failures  INTEGER,
    last_heartbeat        TIMESTAMP WITH TIME ZONE,
    version               BIGINT                    NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- The attempt that runs an analysis is named in owner (a token per attempt): results of an attempt whose execution
-- was taken over are refused. db-scheduler keeps the heartbeats.
ALTER TABLE analysis_job DROP COLUMN heartbeat_at;
