-- as a process killed after its first statement: the table is created (H2 commits DDL at once), the rest never runs
create table second_table (id int primary key);
this is where the process died;
