/* CRLF line ends */
#define TWO \
    2
int main(void)
{
    const char *s = "line \
continued";
    return TWO - 2 + (s[0] != 108);
}
