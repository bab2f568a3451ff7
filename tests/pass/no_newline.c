/* no final newline */
int main(void) { return 0; }