-- Every committed change to facts, reference data or rollups sends NOTIFY data_changed (once per
-- statement, delivered at commit): API processes listening on it drop their cached responses.
CREATE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('data_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;

-- rollup itself is replaced by renames on a full rebuild (its triggers would go with it): a rollup
-- job's end is marked on rollup_run, after its commit, for both kinds of run.
CREATE TRIGGER figure_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON figure FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER document_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON document FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER rollup_run_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rollup_run FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER rollup_dirty_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rollup_dirty FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER place_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER place_edge_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_edge FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER place_succession_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place_succession FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER ethnicity_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ethnicity FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER programme_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programme FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER measure_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
