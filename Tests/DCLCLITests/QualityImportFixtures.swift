/// Results files as dbt, Great Expectations and Soda write them, for the QualityRunContract's
/// `orders` object (trimmed to the members a reader uses, plus some it must ignore).
enum QualityImportFixtures {
    /// dbt 1.8 `target/run_results.json`: three tests, one erroring, and a model (ignored).
    static let dbt = """
    {
      "metadata": {
        "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
        "dbt_version": "1.8.7",
        "generated_at": "2026-12-01T06:00:00.123456Z",
        "invocation_id": "5f2d1c1e-8f0a-4b7e-9a77-1c2d3e4f5a6b",
        "env": {}
      },
      "results": [
        {"status": "success", "timing": [], "thread_id": "Thread-1", "execution_time": 0.41, "adapter_response": {},
         "message": "OK", "failures": null, "unique_id": "model.shop.orders"},
        {"status": "pass", "timing": [], "thread_id": "Thread-1", "execution_time": 0.05, "adapter_response": {},
         "message": null, "failures": 0, "unique_id": "test.shop.not_null_orders_name.7b1f3c2a9e"},
        {"status": "fail", "timing": [], "thread_id": "Thread-2", "execution_time": 0.07, "adapter_response": {},
         "message": "Got 3 results, configured to fail if != 0", "failures": 3,
         "unique_id": "test.shop.accepted_values_orders_status__new__paid__shipped.0c4d5e6f7a"},
        {"status": "pass", "timing": [], "thread_id": "Thread-2", "execution_time": 0.04, "adapter_response": {},
         "message": null, "failures": 0, "unique_id": "test.shop.unique_orders_id.1a2b3c4d5e"},
        {"status": "error", "timing": [], "thread_id": "Thread-1", "execution_time": 0.01, "adapter_response": {},
         "message": "Database Error: relation \\"customers\\" does not exist", "failures": null,
         "unique_id": "test.shop.relationships_orders_customer_id__id__ref_customers_.9f8e7d6c5b"}
      ],
      "elapsed_time": 1.9,
      "args": {"which": "test"}
    }
    """

    /// Great Expectations 1.x validation result: four expectations, one not about any dcl rule.
    static let gx = """
    {
      "success": false,
      "results": [
        {"success": true,
         "expectation_config": {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "name", "batch_id": "orders"}, "meta": {}},
         "result": {"element_count": 120, "unexpected_count": 0, "unexpected_percent": 0.0, "partial_unexpected_list": []},
         "meta": {}, "exception_info": {"raised_exception": false, "exception_traceback": null, "exception_message": null}},
        {"success": false,
         "expectation_config": {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "code", "regex": "^[A-Z]{3}-[0-9]+$", "batch_id": "orders"}, "meta": {}},
         "result": {"element_count": 120, "unexpected_count": 4, "unexpected_percent": 3.33, "partial_unexpected_list": ["abc-9", "N/A"]},
         "meta": {}, "exception_info": {"raised_exception": false, "exception_traceback": null, "exception_message": null}},
        {"success": true,
         "expectation_config": {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 1000, "batch_id": "orders"}, "meta": {}},
         "result": {"element_count": 120, "unexpected_count": 0, "unexpected_percent": 0.0, "partial_unexpected_list": []},
         "meta": {}, "exception_info": {"raised_exception": false, "exception_traceback": null, "exception_message": null}},
        {"success": true,
         "expectation_config": {"type": "expect_column_mean_to_be_between", "kwargs": {"column": "amount", "min_value": 1, "max_value": 900, "batch_id": "orders"}, "meta": {}},
         "result": {"observed_value": 412.7},
         "meta": {}, "exception_info": {"raised_exception": false, "exception_traceback": null, "exception_message": null}}
      ],
      "suite_name": "orders_suite",
      "statistics": {"evaluated_expectations": 4, "successful_expectations": 3, "unsuccessful_expectations": 1, "success_percent": 75.0},
      "meta": {
        "great_expectations_version": "1.3.5",
        "batch_spec": {"batch_data": "PandasDataFrame"},
        "run_id": {"run_name": "nightly-2026-12-01", "run_time": "2026-12-01T05:30:00.000000+00:00"},
        "validation_time": "20261201T053000.000000Z"
      },
      "id": null
    }
    """

    /// soda-core 3.x `soda scan … --scan-results-file`: five checks on orders.
    static let soda = """
    {
      "definitionName": "orders_checks",
      "defaultDataSource": "warehouse",
      "dataTimestamp": "2026-12-01T04:00:00+00:00",
      "scanStartTimestamp": "2026-12-01T04:00:01+00:00",
      "scanEndTimestamp": "2026-12-01T04:00:03+00:00",
      "hasErrors": false, "hasWarnings": false, "hasFailures": true,
      "metrics": [],
      "checks": [
        {"identity": "a1", "name": "orders has rows", "type": "generic", "definition": "row_count > 0",
         "dataSource": "warehouse", "table": "orders", "column": null, "metrics": ["metric-orders-row_count"],
         "outcome": "pass", "diagnostics": {"value": 120}},
        {"identity": "a2", "name": "missing_count(name) = 0", "type": "generic", "definition": "missing_count(name) = 0",
         "dataSource": "warehouse", "table": "orders", "column": "name", "outcome": "pass", "diagnostics": {"value": 0}},
        {"identity": "a3", "name": "invalid_count(status) = 0", "type": "generic", "definition": "invalid_count(status) = 0",
         "dataSource": "warehouse", "table": "orders", "column": "status", "outcome": "fail", "diagnostics": {"value": 2}},
        {"identity": "a4", "name": "duplicate_count(id) = 0", "type": "generic", "definition": "duplicate_count(id) = 0",
         "dataSource": "warehouse", "table": "orders", "column": "id", "outcome": "pass", "diagnostics": {"value": 0}},
        {"identity": "a5", "name": "freshness(created) < 1d", "type": "generic", "definition": "freshness(created) < 1d",
         "dataSource": "warehouse", "table": "orders", "column": "created", "outcome": "pass", "diagnostics": {"value": 5400}}
      ]
    }
    """
}
